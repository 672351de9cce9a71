-- A write sent as one batch without BEGIN and COMMIT is still one transaction (the batch's single Sync), which saves a
-- round trip. What such a write must check cannot be a rows-affected count read after it, because by then the batch has
-- committed: a statement calls this function instead, and the error it raises rolls the whole batch back. The store maps
-- each SQLSTATE to its own answer (a lost lease, a start whose version was replaced).
CREATE FUNCTION patientdocs_refuse(code text, message text) RETURNS integer
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message;
END
$$;
