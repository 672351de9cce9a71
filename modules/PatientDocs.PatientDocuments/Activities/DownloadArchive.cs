using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.PatientDocuments.Activities;

/// <summary>
/// Downloads the archive to a temp file (streamed, never buffered) and extracts it into the instance's raw/ folder
/// (<c>{Root}/{patientId}/{instanceId}/raw</c>). A marker written after extraction lets a repeat of the same task, on
/// any node, skip the download and keep its permit for others.
/// </summary>
[Activity(PatientDocsQueues.Namespace, "DownloadArchive", Category = PatientDocsQueues.Category, DisplayName = "Download archive",
    Description = "Downloads the documents archive from DocumentExchange and extracts it into document storage.", Kind = ActivityKind.Task)]
public sealed class DownloadArchive : TaskActivity
{
    public override string Queue => PatientDocsQueues.DocexDownload;

    /// <summary>
    /// Downloads outrank searches, so finishing started patients feeds the converters early; among ready downloads the larger
    /// archive goes first (by its size's power of two, FIFO within one), so a large archive's conversions do not start late.
    /// </summary>
    public override int Priority => PriorityFor(DocumentCount);

    [Input(Description = "The patient id: with the instance id, the storage folder the files go to.")]
    public string PatientId { get; set; } = "";

    [Input(Description = "The archive URL from WaitForSearchJob.")]
    public string ArchiveUrl { get; set; } = "";

    [Input(Description = "How many documents the search job reported (orders ready downloads, larger first; 0 when unknown).")]
    public int DocumentCount { get; set; }

    [Output(Description = "How many files were extracted into the instance's raw/.")]
    public int FileCount { get; set; }

    [Output(Description = "The archive's size in bytes.")]
    public long ArchiveBytes { get; set; }

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(PatientId) || string.IsNullOrWhiteSpace(ArchiveUrl))
        {
            return TaskOutcome.Permanent("DownloadArchive needs the inputs patientId and archiveUrl.");
        }

        var store = context.Services.GetRequiredService<DocumentStore>();
        string marker;
        try
        {
            marker = Path.Combine(store.InstanceFolder(PatientId, context.InstanceId), "raw.extracted");
        }
        catch (ArgumentException ex)
        {
            return TaskOutcome.Permanent(ex.Message);
        }

        if (await ReadMarkerAsync(marker, context.IdempotencyKey, cancellationToken) is { } done)
        {
            (FileCount, ArchiveBytes) = done;
            return TaskOutcome.Completed();
        }

        var client = context.Services.GetRequiredService<DocumentExchangeClient>();
        var temp = "";
        try
        {
            temp = store.NewTempFile();
            var response = await client.DownloadArchiveAsync(context, ArchiveUrl, temp, cancellationToken);
            if (!response.Succeeded)
            {
                return response.Failure!;
            }

            ArchiveBytes = response.Value;
            FileCount = await ArchiveExtractor.ExtractAsync(temp, store.RawFolder(PatientId, context.InstanceId), store, cancellationToken);
            var content = $"{context.IdempotencyKey}\n{FileCount}\n{ArchiveBytes}\n";
            await store.WriteAtomicAsync(marker, Encoding.UTF8.GetBytes(content), cancellationToken);
            return TaskOutcome.Completed();
        }
        catch (ArchiveRejectedException ex)
        {
            return TaskOutcome.Permanent($"The archive of patient {PatientId} was refused: {ex.Message}");
        }
        catch (Exception ex) when (ex is LocalStorageException or IOException or UnauthorizedAccessException)
        {
            // Network errors never get here (the client turns them into outcomes), so this is our own disk: a retry would
            // spend another of DocumentExchange's permits on a download that cannot be stored.
            return TaskOutcome.Permanent($"The archive of patient {PatientId} could not be stored: {ex.Message}");
        }
        finally
        {
            if (temp.Length > 0)
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>10 for an unknown or one-file archive, one more per doubling: 11 for 2–3 files, 14 for 16–31, 21 for 2048–4095.</summary>
    public static int PriorityFor(int documentCount) => 10 + (documentCount > 1 ? (int)Math.Log2(documentCount) : 0);

    private static async Task<(int Files, long Bytes)?> ReadMarkerAsync(string marker, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!File.Exists(marker))
        {
            return null;
        }

        var lines = await File.ReadAllLinesAsync(marker, cancellationToken);
        return lines.Length >= 3 && lines[0] == idempotencyKey && int.TryParse(lines[1], out var files) && long.TryParse(lines[2], out var bytes)
            ? (files, bytes)
            : null;
    }
}
