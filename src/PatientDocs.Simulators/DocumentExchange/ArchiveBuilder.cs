using System.IO.Compression;
using System.Text;

namespace PatientDocs.Simulators.DocumentExchange;

/// <summary>Builds the deterministic zip of a patient's documents: small text files, some in a subfolder, never "..".</summary>
public static class ArchiveBuilder
{
    private const string Filler =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ";

    /// <summary>The entry name of document <paramref name="index"/> (1-based).</summary>
    public static string EntryName(int index) =>
        index % 10 == 0 ? $"scans/document-{index:D4}.txt" : $"document-{index:D4}.txt";

    public static byte[] Build(string patientKey, int documentCount)
    {
        var seed = DocumentDistribution.Seed(patientKey);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var text = new StringBuilder(1024);
            for (var index = 1; index <= documentCount; index++)
            {
                var entry = zip.CreateEntry(EntryName(index), CompressionLevel.Fastest);
                entry.LastWriteTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
                text.Clear();
                text.Append("PatientDocs simulated document\n");
                text.Append("Patient: ").Append(patientKey).Append('\n');
                text.Append("Document: ").Append(index).Append(" of ").Append(documentCount).Append("\n\n");
                var length = 100 + (int)((seed + ((uint)index * 2654435761u)) % 300u);
                while (length > 0)
                {
                    var take = Math.Min(length, Filler.Length);
                    text.Append(Filler, 0, take);
                    length -= take;
                }

                text.Append('\n');
                using var stream = entry.Open();
                var bytes = Encoding.UTF8.GetBytes(text.ToString());
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }
}
