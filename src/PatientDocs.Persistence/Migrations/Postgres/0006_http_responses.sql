-- The first response an instance wrote with Elsa.WriteHttpResponse, committed with the burst that wrote it: the node that
-- holds the triggering request open reads it from here whichever node ran that burst.
CREATE TABLE http_responses (
    instance_id text NOT NULL PRIMARY KEY,
    status_code integer NOT NULL,
    content text NULL,
    content_type text NULL,
    headers text NOT NULL,
    written_at bigint NOT NULL
);
