using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Options;
using PatientDocs.PatientDocuments.Storage;

namespace PatientDocs.Integration.Tests.Activities;

public sealed class StorageTests : IDisposable
{
    private const string Instance = "i1";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pd-store-" + Guid.NewGuid().ToString("N"));
    private readonly DocumentStore _store;

    public StorageTests() => _store = Store("node-a");

    /// <summary>A node sharing this test's storage root; its own data folder is elsewhere.</summary>
    private DocumentStore Store(string nodeId, StorageOptions? limits = null)
    {
        var options = limits ?? new StorageOptions();
        options.DataFolder = Path.Combine(_folder, "data-" + nodeId);
        options.Root = Path.Combine(_folder, "shared");
        options.NodeId = nodeId;
        return new DocumentStore(Options.Create(options));
    }

    [Fact]
    public async Task WriteAtomic_Twice_LeavesOneFileWithTheLastContentAndNoTempFiles()
    {
        var path = Path.Combine(_store.PdfFolder("P000001", Instance), "a.pdf");

        await _store.WriteAtomicAsync(path, Encoding.UTF8.GetBytes("first"));
        await _store.WriteAtomicAsync(path, Encoding.UTF8.GetBytes("second"));

        Assert.Equal("second", await File.ReadAllTextAsync(path));
        Assert.Equal(["a.pdf"], _store.ListPdf("P000001", Instance));
        Assert.Single(Directory.GetFiles(_store.PdfFolder("P000001", Instance)));
        Assert.Empty(Directory.GetFiles(_store.TempFolder));
    }

    [Fact]
    public async Task DeleteLeftoverTempFiles_RemovesWhatThisNodeLeft_AndKeepsFinishedFilesAndOtherNodesWritesInProgress()
    {
        var nodeB = Store("node-b");
        var pdf = Path.Combine(_store.PdfFolder("P000001", Instance), "a.pdf");
        await _store.WriteAtomicAsync(pdf, Encoding.UTF8.GetBytes("done"));
        // What node A left when it was killed mid-write: a half-written atomic write and a download in progress.
        await File.WriteAllTextAsync(_store.NewTempFile("a.pdf"), "half");
        await File.WriteAllTextAsync(_store.NewTempFile(), "half a zip");
        // Node B is alive and writing while node A restarts.
        var inProgress = nodeB.NewTempFile();
        await File.WriteAllTextAsync(inProgress, "node B's download");

        var deleted = _store.DeleteLeftoverTempFiles();

        Assert.Equal(2, deleted);
        Assert.Equal(["a.pdf"], _store.ListPdf("P000001", Instance));
        Assert.Equal([inProgress, pdf], Directory.EnumerateFiles(_store.DocumentsRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        Assert.Equal("node B's download", await File.ReadAllTextAsync(inProgress));
        Assert.Equal(0, _store.DeleteLeftoverTempFiles());
    }

    [Fact]
    public async Task TwoNodes_WritingTheSameDocumentAtOnce_LeaveOneWholeFileAndNoTempFiles()
    {
        var nodeB = Store("node-b");
        var path = Path.Combine(_store.PdfFolder("P000001", Instance), "a.pdf");
        var a = new string('a', 200_000);
        var b = new string('b', 200_000);

        await Task.WhenAll(
            Task.Run(() => _store.WriteAtomicAsync(path, Encoding.UTF8.GetBytes(a))),
            Task.Run(() => nodeB.WriteAtomicAsync(path, Encoding.UTF8.GetBytes(b))));

        Assert.Contains(await File.ReadAllTextAsync(path), new[] { a, b });
        Assert.Empty(Directory.GetFiles(_store.TempFolder));
        Assert.Empty(Directory.GetFiles(nodeB.TempFolder));
    }

    [Fact]
    public async Task TwoInstancesOfOnePatient_KeepTheirFilesApart()
    {
        await _store.WriteAtomicAsync(Path.Combine(_store.PdfFolder("P000001", "i1"), "old.pdf"), Encoding.UTF8.GetBytes("x"));
        await _store.WriteAtomicAsync(Path.Combine(_store.PdfFolder("P000001", "i2"), "new.pdf"), Encoding.UTF8.GetBytes("y"));

        Assert.Equal(["old.pdf"], _store.ListPdf("P000001", "i1"));
        Assert.Equal(["new.pdf"], _store.ListPdf("P000001", "i2"));
        Assert.Equal(Path.Combine(_folder, "shared", "P000001", "i2", "report.txt"), _store.ReportPath("P000001", "i2"));
    }

    [Fact]
    public void Defaults_RootUnderTheDataFolder_AndANodeIdThatDependsOnTheDataFolderAlone()
    {
        var first = new DocumentStore(Options.Create(new StorageOptions { DataFolder = Path.Combine(_folder, "one") }));
        var again = new DocumentStore(Options.Create(new StorageOptions { DataFolder = Path.Combine(_folder, "one") }));
        var other = new DocumentStore(Options.Create(new StorageOptions { DataFolder = Path.Combine(_folder, "two") }));

        Assert.Equal(Path.Combine(_folder, "one", "documents"), first.DocumentsRoot);
        Assert.Equal(first.NodeId, again.NodeId);
        Assert.NotEqual(first.NodeId, other.NodeId);
        Assert.Matches("^[A-Za-z0-9_-]{1,64}$", first.NodeId);
        Assert.StartsWith(StorageOptions.ToNodeId(Environment.MachineName), first.NodeId);
    }

    [Fact]
    public async Task WriteAtomic_WhenTheWriterFails_LeavesNoFile()
    {
        var path = Path.Combine(_store.PdfFolder("P000001", Instance), "b.pdf");

        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.WriteAtomicAsync(path, async (stream, token) =>
        {
            await stream.WriteAsync(new byte[10], token);
            throw new InvalidOperationException("disk gone");
        }));

        Assert.Empty(Directory.GetFiles(_store.PdfFolder("P000001", Instance)));
        Assert.Empty(Directory.GetFiles(_store.TempFolder));
    }

    [Fact]
    public void Folders_WithPathCharactersInThePatientOrInstanceId_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => _store.PatientFolder("../etc"));
        Assert.Throws<ArgumentException>(() => _store.PatientFolder(""));
        Assert.Throws<ArgumentException>(() => _store.RawFolder("P000123", ".."));
        Assert.Throws<ArgumentException>(() => _store.RawFolder("P000123", ".tmp"));
        Assert.EndsWith(Path.Combine("shared", "P000123", Instance, "raw"), _store.RawFolder("P000123", Instance));
    }

    [Fact]
    public async Task Extract_ValidArchive_WritesEveryFileUnderRaw()
    {
        var zip = Zip(("doc-0001.txt", "one"), ("sub/doc-0002.txt", "two"));

        var count = await ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1", Instance), _store);
        var again = await ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1", Instance), _store);

        Assert.Equal(2, count);
        Assert.Equal(2, again);
        Assert.Equal(["doc-0001.txt", "sub/doc-0002.txt"], _store.ListRaw("P1", Instance));
        Assert.Equal("two", await File.ReadAllTextAsync(Path.Combine(_store.RawFolder("P1", Instance), "sub", "doc-0002.txt")));
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

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1", Instance), _store));

        Assert.Contains(name, error.Message);
        Assert.Empty(_store.ListRaw("P1", Instance));
        Assert.False(File.Exists(Path.Combine(_store.InstanceFolder("P1", Instance), "evil.txt")));
        Assert.False(File.Exists(Path.Combine(_store.DocumentsRoot, "evil.txt")));
    }

    [Fact]
    public async Task Extract_MoreEntriesThanTheCap_IsRefused()
    {
        var zip = Zip(Enumerable.Range(0, 6).Select(i => ($"f{i}.txt", "x")).ToArray());
        var limits = new StorageOptions { MaxArchiveEntries = 5 };

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1", Instance), Store("node-a", limits)));

        Assert.Equal("The archive has 6 entries; at most 5 are allowed.", error.Message);
        Assert.Empty(_store.ListRaw("P1", Instance));
    }

    [Fact]
    public async Task Extract_EntryExpandingBeyondTheEntryCap_IsRefused()
    {
        // 1 MB of zeros compresses to about a kilobyte: the classic bomb shape.
        var zip = Zip(("bomb.txt", new string('\0', 1024 * 1024)));
        var limits = new StorageOptions { MaxEntryBytes = 64 * 1024, MaxArchiveBytes = 1024 * 1024 * 1024 };

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1", Instance), Store("node-a", limits)));

        Assert.Contains("bomb.txt", error.Message);
        Assert.True(new FileInfo(zip).Length < 64 * 1024);
        Assert.Empty(_store.ListRaw("P1", Instance));
    }

    [Fact]
    public async Task Extract_ArchiveExpandingBeyondTheTotalCap_IsRefused()
    {
        var zip = Zip(("a.txt", new string('a', 4000)), ("b.txt", new string('b', 4000)));
        var limits = new StorageOptions { MaxEntryBytes = 5000, MaxArchiveBytes = 6000 };

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(zip, _store.RawFolder("P1", Instance), Store("node-a", limits)));

        Assert.Equal("The archive holds more than 6000 bytes uncompressed.", error.Message);
    }

    [Fact]
    public async Task Extract_CorruptArchive_IsRefusedWithAClearMessage()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "corrupt.zip");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes("PK\u0003\u0004 this is not really a zip archive"));

        var error = await Assert.ThrowsAsync<ArchiveRejectedException>(() => ArchiveExtractor.ExtractAsync(path, _store.RawFolder("P1", Instance), _store));

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
