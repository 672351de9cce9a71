-- The first response an instance wrote with Elsa.WriteHttpResponse, committed with the burst that wrote it: the node that
-- holds the triggering request open reads it from here whichever node ran that burst.
CREATE TABLE http_responses (
    instance_id TEXT NOT NULL PRIMARY KEY,
    status_code INTEGER NOT NULL,
    content TEXT NULL,
    content_type TEXT NULL,
    headers TEXT NOT NULL,
    written_at INTEGER NOT NULL
);
