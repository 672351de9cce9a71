using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PatientDocs.PatientDocuments.Clients.DocumentExchange;
using PatientDocs.PatientDocuments.Conversion;
using PatientDocs.PatientDocuments.Patients;

namespace PatientDocs.Integration.Tests.Activities;

public sealed class PdfAndNamesTests
{
    [Fact]
    public void MinimalPdf_HasHeaderEofAndXrefOffsetsPointingAtTheirObjects()
    {
        var bytes = MinimalPdf.Create("doc (1).txt");
        var text = Encoding.ASCII.GetString(bytes);

        Assert.StartsWith("%PDF-1.4\n", text);
        Assert.EndsWith("%%EOF\n", text);
        Assert.Contains("(doc \\(1\\).txt) Tj", text);
        var startxref = int.Parse(Regex.Match(text, @"startxref\n(\d+)\n%%EOF").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal("xref\n", text.Substring(startxref, 5));
        var offsets = Regex.Matches(text, @"(\d{10}) 00000 n ").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, offsets.Count);
        for (var i = 0; i < offsets.Count; i++)
        {
            Assert.StartsWith($"{i + 1} 0 obj\n", text[offsets[i]..]);
        }

        var length = int.Parse(Regex.Match(text, @"/Length (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var streamStart = text.IndexOf("stream\n", StringComparison.Ordinal) + "stream\n".Length;
        Assert.Equal("\nendstream", text.Substring(streamStart + length, "\nendstream".Length));
    }

    [Fact]
    public void DemoPatients_AreDeterministic()
    {
        Assert.Equal(new Patient("P000001", "Ada", "Adams", null, null), DemoPatients.Create(1));
        Assert.Equal(new Patient("P000002", "Ben", "Fischer", null, null), DemoPatients.Create(2));
        Assert.Equal("P000123", DemoPatients.Id(123));
        Assert.Equal(DemoPatients.Create(777), DemoPatients.Create(777));
        var names = Enumerable.Range(1, 1000).Select(DemoPatients.Create).Select(p => (p.FirstName, p.LastName)).Distinct().Count();
        Assert.Equal(1000, names);
    }

    [Fact]
    public async Task InMemoryPatientStore_SeedsMissingPatientsAndSetsStatus()
    {
        var store = new InMemoryPatientStore();
        await store.SeedAsync(3);
        await store.SetDocumentsStatusAsync("P000002", DocumentsStatus.Found, DateTimeOffset.UnixEpoch);
        await store.SeedAsync(5);

        Assert.Equal(5, store.All.Count);
        Assert.Equal(DocumentsStatus.Found, (await store.FindAsync("P000002"))!.DocumentsStatus);
        Assert.Null(await store.FindAsync("P999999"));
    }

    [Theory]
    [InlineData(0, 1, 1.0)]
    [InlineData(5, 1, 1.0)]
    [InlineData(100, 1, 10.0)]
    [InlineData(100, 60, 10.0 / 60)]
    [InlineData(100000, 1, 60.0)]
    public void PollInterval_GrowsWithTheBacklogAndShrinksWithTheTimeScale(int backlog, double timeScale, double expectedSeconds)
    {
        var options = new DocumentExchangeOptions();

        var interval = PollInterval.For(backlog, options, timeScale);

        Assert.Equal(expectedSeconds, interval.TotalSeconds, precision: 6);
    }

    [Theory]
    [InlineData(0, 128)]
    [InlineData(1600, 228)]
    [InlineData(10_000_000, 1024)]
    public void ConversionMemory_IsDerivedFromSizeAndCappedAt1024(long size, int expectedMb)
    {
        Assert.Equal(expectedMb, new ConversionOptions().MemoryFor(size));
        Assert.Equal(512, new ConversionOptions { MemoryPerFileMb = 512 }.MemoryFor(size));
    }
}
