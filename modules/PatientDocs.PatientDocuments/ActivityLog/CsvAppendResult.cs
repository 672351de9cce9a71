namespace PatientDocs.PatientDocuments.ActivityLog;

/// <summary>
/// One append to the activity-log CSV: the sequence the file ended with before it (after cutting <see cref="CutBytes"/>
/// of a record torn by a crash), the sequence it ends with now, how many records it added, and where it moved a file that
/// was not a copy of the table (null when it did not).
/// </summary>
public sealed record CsvAppendResult(long ResumedAfter, long LastSequence, int Appended, long CutBytes, string? MovedAsideTo);
