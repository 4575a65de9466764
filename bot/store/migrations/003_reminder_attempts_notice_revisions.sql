-- Reminders count their send attempts (a failed send is retried with backoff); notices keep their
-- revision (0 the notice, 1… numbered corrections), document number and drafted content, so a
-- published notice can be rendered again exactly as it was. One revision per quarter, once.
alter table reminders add column attempts integer not null default 1;

alter table notices add column revision integer not null default 0;
alter table notices add column doc_number text not null default '';
alter table notices add column content json not null default 'null';
create unique index notices_period_revision on notices (period, revision);
