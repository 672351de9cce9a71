using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Options;
using PatientDocs.Activities.Storage;

namespace PatientDocs.Integration.Tests.Activities;

public sealed class StorageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pd-store-" + Guid.NewGuid().ToString("N"));
    private readonly DocumentStore _store;

    public StorageTests() => _store = new DocumentStore(Options.Create(new StorageOptions { DataFolder = _folder }));

    private StorageOptions Limits => _store.Options;

    [Fact]
    public async Task WriteAtomic_Twice_LeavesOneFileWithTheLastContentAndNoTempFiles()
    {
        var path = Path.Combine(_store.PdfFolder("P000001"), "a.pdf");

        await DocumentStore.WriteAtomicAsync(path, Encoding.UTF8.GetBytes("first"));
        await DocumentStore.WriteAtomicAsync(path, Encoding.UTF8.GetBytes("second"));

        Assert.Equal("second", await File.ReadAllTextAsync(path));
        Assert.Equal(["a.pdf"], _store.ListPdf("P000001"));
        Assert.Single(Directory.GetFiles(_store.PdfFolder("P000001")));
    }

    [Fact]
    public async Task DeleteLeftoverTempFiles_RemovesWhatAKilledProcessLeft_AndKeepsFinishedFiles()
    {
        var pdf = Path.Combine(_store.PdfFolder("P000001"), "a.pdf");
        await DocumentStore.WriteAtomicAsync(pdf, Encoding.UTF8.GetBytes("done"));
        // What a process killed mid-write leaves: a half-written atomic write and a download in progress.
        await File.WriteAllTextAsync($"{pdf}.0123{DocumentStore.TempSuffix}", "half");
        await File.WriteAllTextAsync(_store.NewTempFile("P000002"), "half a zip");

        var deleted = _store.DeleteLeftoverTempFiles();

        Assert.Equal(2, deleted);
        Assert.Equal(["a.pdf"], _store.ListPdf("P000001"));
        Assert.Equal([pdf], Directory.EnumerateFiles(_store.DocumentsRoot, "*", SearchOption.AllDirectories));
        Assert.Equal(0, _store.DeleteLeftoverTempFiles());
    }

    [Fact]
    public async Task WriteAtomic_WhenTheWriterFails_LeavesNoFile()
    {
        var path = Path.Combine(_store.PdfFolder("P000001"), "b.pdf");

        await Assert.ThrowsAsync<InvalidOperationException>(() => DocumentStore.WriteAtomicAsync(path, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[10], token);
            throw new InvalidOperationException("disk gone");
        }));

        Assert.Empty(Directory.GetFiles(_store.PdfFolder("P000001")));
    }

    [Fact]
    public void PatientFolder_WithPathCharacters_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => _store.PatientFolder("../etc"));
        Assert.Throws<ArgumentException>(() => _store.PatientFolder(""));
        Assert.EndsWith(Path.Combine("documents", "P000123", "raw"), _store.RawFolder("P000123"));
    }

    [Fact]
    public async Task Extract_ValidArchive_WritesEveryFileUnderRaw()
    {
        var zip = Zip(("doc-0001.txt", "one"), ("sub/doc-0002.txt", "two"));

        var count = await ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1"), Limits);
        var again = await ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1"), Limits);

        Assert.Equal(2, count);
        Assert.Equal(2, again);
        Assert.Equal(["doc-0001.txt", "sub/doc-0002.txt"], _store.ListRaw("P1"));
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(_store.RawFolder("P1"), "sub", "doc-0002.txt")));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("sub/../../evil.txt")]
    [InlineData("/etc/evil.txt")]
    [InlineData("..\\evil.txt")]
    [InlineData("C:/evil.txt")]
    public async Task Extract_EntryEscapingTheFolder_IsRefusedBeforeAnythingIsWritten(string name)
    {
        var zip = Zip(("good.txt", "fine"), (name, "bad"));

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1"), Limits));

        Assert.Contains(name, error.Message);
        Assert.Empty(_store.ListRaw("P1"));
        Assert.False(File.Exists(Path.Combine(_store.PatientFolder("P1"), "evil.txt")));
        Assert.False(File.Exists(Path.Combine(_store.DocumentsRoot, "evil.txt")));
    }

    [Fact]
    public async Task Extract_MoreEntriesThanTheCap_IsRefused()
    {
        var zip = Zip(Enumerable.Range(0, 6).Select(i => ($"f{i}.txt", "x")).ToArray());
        var limits = new StorageOptions { DataFolder = _folder, MaxArchiveEntries = 5 };

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1"), limits));

        Assert.Equal("The archive has 6 entries; at most 5 are allowed.", error.Message);
        Assert.Empty(_store.ListRaw("P1"));
    }

    [Fact]
    public async Task Extract_EntryExpandingBeyondTheEntryCap_IsRefused()
    {
        // 1 MB of zeros compresses to about a kilobyte: the classic bomb shape.
        var zip = Zip(("bomb.txt", new string('\0', 1024 * 1024)));
        var limits = new StorageOptions { DataFolder = _folder, MaxEntryBytes = 64 * 1024, MaxArchiveBytes = 1024 * 1024 * 1024 };

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1"), limits));

        Assert.Contains("bomb.txt", error.Message);
        Assert.True(new FileInfo(zip).Length < 64 * 1024);
        Assert.Empty(_store.ListRaw("P1"));
    }

    [Fact]
    public async Task Extract_ArchiveExpandingBeyondTheTotalCap_IsRefused()
    {
        var zip = Zip(("a.txt", new string('a', 4000)), ("b.txt", new string('b', 4000)));
        var limits = new StorageOptions { DataFolder = _folder, MaxEntryBytes = 5000, MaxArchiveBytes = 6000 };

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1"), limits));

        Assert.Equal("The archive holds more than 6000 bytes uncompressed.", error.Message);
    }

    [Fact]
    public async Task Extract_CorruptArchive_IsRefusedWithAClearMessage()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "corrupt.zip");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip archive"));

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(path, _store.RawFolder("P1"), Limits));

        Assert.StartsWith("The archive is corrupt", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Writes a zip with the given entry names verbatim (no normalisation), as a hostile server could.</summary>
    public string Zip(params (string Name, string Content)[] entries)
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return path;
    }
}
