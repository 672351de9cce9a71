-- PostgreSQL's version 15 adds the function its one-batch writes raise their refusals with. SQLite writes through one
-- in-process writer and checks its counts inside the transaction, so it needs nothing; this keeps the version numbers equal.
SELECT 1;
