using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class DataPathTests
{
    private static readonly JsonNode Data = JsonNode.Parse("""
        {"a": {"b": 1, "nothing": null}, "items": [{"sku": "A-1"}, {"sku": "B-2"}], "list": [[10, 20]]}
        """)!;

    [Theory]
    [InlineData("$.a.b", "1")]
    [InlineData("$.a", """{"b":1,"nothing":null}""")]
    [InlineData("$.items[1].sku", "\"B-2\"")]
    [InlineData("$.items[0]", """{"sku":"A-1"}""")]
    [InlineData("$.list[0][1]", "20")]
    public void TryRead_PathInTheData_ReadsTheValue(string path, string expected)
    {
        Assert.True(DataPath.TryRead(Data, path, out var value));
        Assert.Equal(expected, value!.ToJsonString());
    }

    [Fact]
    public void TryRead_Dollar_IsTheWholeData()
    {
        Assert.True(DataPath.TryRead(Data, "$", out var value));
        Assert.Same(Data, value);
    }

    [Fact]
    public void TryRead_NullThatIsThere_IsPresent()
    {
        Assert.True(DataPath.TryRead(Data, "$.a.nothing", out var value));
        Assert.Null(value);
    }

    [Theory]
    [InlineData("$.missing")]
    [InlineData("$.a.c")]
    [InlineData("$.a.b.c")]
    [InlineData("$.a.nothing.deeper")]
    [InlineData("$.items[2]")]
    [InlineData("$.items.sku")]
    [InlineData("$.a[0]")]
    public void TryRead_PathNotInTheData_IsFalse(string path)
    {
        Assert.False(DataPath.TryRead(Data, path, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void TryRead_NoData_HasOnlyTheRoot()
    {
        Assert.False(DataPath.TryRead(null, "$.a", out _));
        Assert.True(DataPath.TryRead(null, "$", out var root));
        Assert.Null(root);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("")]
    [InlineData("$a")]
    [InlineData("$..a")]
    [InlineData("$.a.")]
    [InlineData("$.items[x]")]
    [InlineData("$.items[-1]")]
    [InlineData("$.items[0")]
    public void TryRead_PathNotWrittenAsAPath_IsFalseAndInvalid(string path)
    {
        Assert.False(DataPath.TryRead(Data, path, out _));
        Assert.False(DataPath.IsValid(path));
    }

    [Theory]
    [InlineData("$")]
    [InlineData("$.a.b")]
    [InlineData("$.items[0].sku")]
    [InlineData("$.with space")]
    public void IsValid_WellWrittenPath_IsTrue(string path)
    {
        Assert.True(DataPath.IsValid(path));
    }
}
