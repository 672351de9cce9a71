namespace PatientDocs.PatientDocuments.ActivityLog;

/// <summary>
/// Where the activity-log CSV's complete records end. <see cref="Boundary"/> follows the last complete record; bytes after
/// it are a record torn by a crash mid-write. <see cref="LastSequence"/> is that record's sequence (0 when none) and
/// <see cref="LastRecordStart"/> where it begins (-1 when unknown). Not <see cref="Wellformed"/>: a complete record is
/// not one this log writes (wrong field count, no increasing sequence), so the file is not a copy of the table.
/// </summary>
internal sealed record CsvTail(long Boundary, long LastSequence, long LastRecordStart, bool Wellformed)
{
    /// <summary>
    /// Reads from <paramref name="start"/>, a record boundary after which the last sequence was <paramref name="lastSequence"/>,
    /// to the end. Records end with LF outside quotes; the sequence is the last field, digits only.
    /// </summary>
    public static async Task<CsvTail> ScanAsync(Stream stream, long start, long lastSequence, int fieldCount, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        stream.Position = start;
        long position = start, recordStart = start, boundary = start, lastStart = -1, last = lastSequence, number = 0;
        int fields = 1, digits = 0;
        bool quoted = false, numeric = true;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (quoted)
                {
                    // A doubled quote closes and reopens, which leaves the state as it was.
                    quoted = b != (byte)'"';
                    continue;
                }

                switch (b)
                {
                    case (byte)'"':
                        quoted = true;
                        numeric = false;
                        break;
                    case (byte)',':
                        fields++;
                        number = 0;
                        digits = 0;
                        numeric = true;
                        break;
                    case (byte)'\r':
                        break;
                    case (byte)'\n':
                        if (fields != fieldCount || !numeric || digits == 0 || number <= last)
                        {
                            return new CsvTail(boundary, last, lastStart, Wellformed: false);
                        }

                        last = number;
                        lastStart = recordStart;
                        boundary = recordStart = position + i + 1;
                        fields = 1;
                        number = 0;
                        digits = 0;
                        numeric = true;
                        break;
                    case >= (byte)'0' and <= (byte)'9' when numeric && digits < 18:
                        number = (number * 10) + (b - '0');
                        digits++;
                        break;
                    default:
                        numeric = false;
                        break;
                }
            }

            position += read;
        }

        return new CsvTail(boundary, last, lastStart, Wellformed: true);
    }
}
