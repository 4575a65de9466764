-- Values made once and shared by every server on the database (the download-link secret), so a
-- link signed by one server is accepted by the others.
create table settings (
  key text primary key,
  value text not null
);
