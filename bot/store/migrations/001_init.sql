-- The store's tables. Instants are kept as the ISO strings the service wrote ("2026-10-10T02:00:00.000Z"),
-- collated "C" so they sort as instants: records read back are exactly what lowdb returns.
-- seq columns keep insertion order, which the lists of the lowdb store also have.

create table counties (
  seq bigint generated always as identity,
  name text primary key,
  code text not null unique,
  added_at text collate "C" not null
);

create table members (
  seq bigint generated always as identity,
  channel_id text not null,
  user_id text not null,
  name text,
  role text not null check (role in ('reporter', 'supervisor')),
  county text references counties (name),
  bound_at text collate "C" not null,
  primary key (channel_id, user_id)
);

create table invites (
  seq bigint generated always as identity,
  code_hash text primary key,
  county text references counties (name),
  role text not null check (role in ('reporter', 'supervisor')),
  created_at text collate "C" not null,
  expires_at text collate "C" not null,
  created_by text not null,
  used_at text collate "C",
  used_by text,
  check ((used_at is null) = (used_by is null))
);

create table tokens (
  county text primary key references counties (name),
  token_hash text not null unique,
  created_at text collate "C" not null,
  created_by text not null
);

-- reference is the chat SDK's conversation reference: opaque, free-form, hence JSON
-- (json, not jsonb: it comes back with its keys in the order they were written).
create table conversations (
  seq bigint generated always as identity,
  key text primary key,
  channel_id text not null,
  user_id text not null,
  county text,
  role text check (role in ('reporter', 'supervisor')),
  reference json,
  updated_at text collate "C" not null
);

create table submissions (
  seq bigint generated always as identity,
  id text primary key,
  county text not null references counties (name),
  period text not null,
  version integer not null check (version >= 1),
  status text not null check (status in ('accepted', 'accepted-with-warnings', 'rejected')),
  received_at text collate "C" not null,
  sha256 text not null,
  bytes integer not null check (bytes >= 0),
  format text not null check (format in ('xlsx', 'json')),
  via text not null check (via in ('chat', 'api', 'demo')),
  sender_kind text not null check (sender_kind in ('member', 'token', 'demo')),
  sender_id text not null,
  sender_name text,
  due_date text collate "C" not null,
  late boolean not null,
  errors integer not null,
  warnings integer not null,
  explained integer not null,
  unexplained_outliers integer not null,
  institutions integer not null,
  -- All the issues found; the first of them are in submission_issues, the indicators in submission_indicators.
  issue_count integer not null,
  -- Logical file names, as the lowdb store gives them; the bytes are in submission_files.
  file text not null,
  history text,
  unique (county, period, version)
);
create index submissions_period on submissions (period);

-- The first issues of a submission, in the order the check gave them (position 0, 1, …). A cell's
-- value as shown is text, a number, true/false or empty: value_kind says which, value_text holds it
-- as text (a number as JavaScript writes it, which reads back as the same double, -0 included).
create table submission_issues (
  submission_id text not null references submissions (id) on delete cascade,
  position integer not null check (position >= 0),
  severity text not null check (severity in ('error', 'warning')),
  code text not null,
  sheet text not null,
  cell text not null,
  "row" integer not null,
  "column" text not null,
  field text,
  value_kind text not null check (value_kind in ('string', 'number', 'boolean', 'null')),
  value_text text,
  message text not null,
  primary key (submission_id, position),
  check ((value_kind = 'null') = (value_text is null))
);

-- A submission's indicator values (null: not computable), in the order the record lists them.
create table submission_indicators (
  submission_id text not null references submissions (id) on delete cascade,
  position integer not null check (position >= 0),
  indicator text not null,
  value double precision,
  primary key (submission_id, indicator),
  unique (submission_id, position)
);

-- Uploads and history snapshots, apart from the records so that listing submissions never reads them.
create table submission_files (
  submission_id text not null references submissions (id) on delete cascade,
  kind text not null check (kind in ('original', 'history')),
  content bytea not null,
  primary key (submission_id, kind)
);

create table reminders (
  seq bigint generated always as identity,
  key text primary key,
  status text not null check (status in ('claimed', 'sent', 'failed')),
  claimed_at text collate "C" not null,
  done_at text collate "C",
  detail text not null default ''
);

create table notices (
  seq bigint generated always as identity,
  id text primary key,
  period text not null,
  created_at text collate "C" not null,
  created_by text not null,
  text text not null,
  posted_at text collate "C"
);

create table audit (
  id bigserial primary key,
  at text collate "C" not null,
  actor text not null,
  action text not null,
  detail text not null
);
