using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Language;

namespace PatientDocs.Integration.Tests.StateLanguage;

public sealed class ConditionsTests
{
    private const string Data = """
        {"flag": true, "off": false, "name": "Oslo", "count": 5, "price": 9.5, "nothing": null, "text5": "5", "textTrue": "true",
         "order": {"items": [{"sku": "A-1", "qty": 2}]}}
        """;

    private static bool Evaluate(string condition, string data = Data) =>
        Conditions.Evaluate(JsonNode.Parse(condition)!.AsObject(), JsonNode.Parse(data));

    [Theory]
    [InlineData("""{"variable":"$.flag","booleanEquals":true}""", true)]
    [InlineData("""{"variable":"$.flag","booleanEquals":false}""", false)]
    [InlineData("""{"variable":"$.off","booleanEquals":false}""", true)]
    [InlineData("""{"variable":"$.name","stringEquals":"Oslo"}""", true)]
    [InlineData("""{"variable":"$.name","stringEquals":"oslo"}""", false)]
    [InlineData("""{"variable":"$.count","numericEquals":5}""", true)]
    [InlineData("""{"variable":"$.count","numericEquals":5.0}""", true)]
    [InlineData("""{"variable":"$.count","numericEquals":6}""", false)]
    [InlineData("""{"variable":"$.count","numericGreaterThan":4.99}""", true)]
    [InlineData("""{"variable":"$.count","numericGreaterThan":5}""", false)]
    [InlineData("""{"variable":"$.count","numericGreaterThanEquals":5}""", true)]
    [InlineData("""{"variable":"$.count","numericGreaterThanEquals":5.01}""", false)]
    [InlineData("""{"variable":"$.price","numericLessThan":10}""", true)]
    [InlineData("""{"variable":"$.price","numericLessThan":9.5}""", false)]
    [InlineData("""{"variable":"$.price","numericLessThanEquals":9.50}""", true)]
    [InlineData("""{"variable":"$.price","numericLessThanEquals":9}""", false)]
    [InlineData("""{"variable":"$.order.items[0].sku","stringEquals":"A-1"}""", true)]
    [InlineData("""{"variable":"$.order.items[0].qty","numericGreaterThan":1}""", true)]
    public void Evaluate_Comparison_ComparesTheValueAtThePath(string condition, bool expected)
    {
        Assert.Equal(expected, Evaluate(condition));
    }

    [Theory]
    [InlineData("""{"variable":"$.name","isPresent":true}""", true)]
    [InlineData("""{"variable":"$.missing","isPresent":true}""", false)]
    [InlineData("""{"variable":"$.missing","isPresent":false}""", true)]
    [InlineData("""{"variable":"$.name","isPresent":false}""", false)]
    [InlineData("""{"variable":"$.nothing","isPresent":true}""", true)]
    [InlineData("""{"variable":"$.order.items[3]","isPresent":true}""", false)]
    public void Evaluate_IsPresent_TellsWhetherThePathExists(string condition, bool expected)
    {
        Assert.Equal(expected, Evaluate(condition));
    }

    [Theory]
    [InlineData("booleanEquals", "true")]
    [InlineData("booleanEquals", "false")]
    [InlineData("stringEquals", "\"Oslo\"")]
    [InlineData("numericEquals", "0")]
    [InlineData("numericGreaterThan", "-1")]
    [InlineData("numericGreaterThanEquals", "0")]
    [InlineData("numericLessThan", "1000")]
    [InlineData("numericLessThanEquals", "1000")]
    public void Evaluate_ComparisonOnAMissingPath_IsFalse(string op, string value)
    {
        Assert.False(Evaluate($$"""{"variable":"$.missing.deeper","{{op}}":{{value}}}"""));
        Assert.False(Evaluate($$"""{"variable":"$.missing","{{op}}":{{value}}}""", "null"));
    }

    [Theory]
    [InlineData("""{"variable":"$.textTrue","booleanEquals":true}""")]
    [InlineData("""{"variable":"$.nothing","booleanEquals":false}""")]
    [InlineData("""{"variable":"$.count","stringEquals":"5"}""")]
    [InlineData("""{"variable":"$.flag","stringEquals":"true"}""")]
    [InlineData("""{"variable":"$.text5","numericEquals":5}""")]
    [InlineData("""{"variable":"$.text5","numericLessThanEquals":5}""")]
    [InlineData("""{"variable":"$.flag","numericGreaterThanEquals":0}""")]
    [InlineData("""{"variable":"$.order","numericLessThan":1}""")]
    [InlineData("""{"variable":"$.count","booleanEquals":"true"}""")]
    public void Evaluate_ComparisonWithAValueOfAnotherType_IsFalse(string condition)
    {
        Assert.False(Evaluate(condition));
    }

    [Theory]
    [InlineData("""{"and":[{"variable":"$.flag","booleanEquals":true},{"variable":"$.count","numericEquals":5}]}""", true)]
    [InlineData("""{"and":[{"variable":"$.flag","booleanEquals":true},{"variable":"$.count","numericEquals":6}]}""", false)]
    [InlineData("""{"or":[{"variable":"$.flag","booleanEquals":false},{"variable":"$.count","numericEquals":5}]}""", true)]
    [InlineData("""{"or":[{"variable":"$.flag","booleanEquals":false},{"variable":"$.missing","isPresent":true}]}""", false)]
    [InlineData("""{"not":{"variable":"$.flag","booleanEquals":false}}""", true)]
    [InlineData("""{"not":{"variable":"$.flag","booleanEquals":true}}""", false)]
    [InlineData("""{"not":{"variable":"$.missing","stringEquals":"x"}}""", true)]
    [InlineData("""{"and":[{"or":[{"variable":"$.x","isPresent":true},{"variable":"$.name","stringEquals":"Oslo"}]},{"not":{"variable":"$.price","numericGreaterThan":10}}]}""", true)]
    public void Evaluate_Combinators_CombineTheirParts(string condition, bool expected)
    {
        Assert.Equal(expected, Evaluate(condition));
    }

    [Fact]
    public void Evaluate_NumbersBuiltInCode_CompareWithNumbersReadFromText()
    {
        var data = new JsonObject { ["int"] = 5, ["double"] = 5.0, ["decimal"] = 5.00m, ["long"] = 5L, ["big"] = 1e300 };
        var condition = JsonNode.Parse("""{"variable":"$.int","numericEquals":5.0}""")!.AsObject();

        foreach (var path in (string[])["$.int", "$.double", "$.decimal", "$.long"])
        {
            condition["variable"] = path;
            Assert.True(Conditions.Evaluate(condition, data), path);
        }

        Assert.True(Conditions.Evaluate(new JsonObject { ["variable"] = "$.big", ["numericGreaterThan"] = 1e299 }, data));
        Assert.False(Conditions.Evaluate(new JsonObject { ["variable"] = "$.big", ["numericLessThan"] = 5 }, data));
    }

    [Fact]
    public void Evaluate_ConditionReadFromYaml_UsesTheYamlTypes()
    {
        var machine = StateMachineReader.Read(LanguageSamples.SampleYaml(), DefinitionFormat.Yaml).Machine!;
        var condition = machine.Find("inventory_decision")!.Choices[0].Condition;

        Assert.True(Conditions.Evaluate(condition, JsonNode.Parse("""{"inventoryAvailable":true}""")));
        Assert.False(Conditions.Evaluate(condition, JsonNode.Parse("""{"inventoryAvailable":false}""")));
        Assert.False(Conditions.Evaluate(condition, JsonNode.Parse("""{"inventoryAvailable":"true"}""")));
        Assert.False(Conditions.Evaluate(condition, JsonNode.Parse("{}")));
    }

    [Theory]
    [InlineData("""{"variable":"$.flag","frobnicate":true}""")]
    [InlineData("""{"booleanEquals":true}""")]
    [InlineData("""{"variable":"$.flag"}""")]
    [InlineData("""{"and":{"variable":"$.flag","booleanEquals":true}}""")]
    [InlineData("""{"not":[]}""")]
    public void Evaluate_MalformedCondition_Throws(string condition)
    {
        Assert.Throws<ArgumentException>(() => Evaluate(condition));
    }
}
