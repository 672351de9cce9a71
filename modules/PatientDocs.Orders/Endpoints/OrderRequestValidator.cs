using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PatientDocs.Orders.Endpoints;

/// <summary>The contract's input rules; every error is keyed by the field's JSON path (<c>items[0].quantity</c>, <c>address.city</c>).</summary>
public static partial class OrderRequestValidator
{
    public static readonly string[] AddressFields = ["line1", "city", "postalCode", "country"];

    public static Dictionary<string, string[]> ValidateStart(JsonNode? body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body is not JsonObject order)
        {
            errors["body"] = ["The body must be a JSON object."];
            return errors;
        }

        if (Text(order["orderId"]) is not { } orderId || !OrderIdPattern().IsMatch(orderId))
        {
            errors["orderId"] = ["The orderId must be a string matching ^[A-Za-z0-9_-]{1,64}$."];
        }

        RequireText(order, "customerId", "customerId", errors);
        RequireText(order, "paymentToken", "paymentToken", errors);
        if (order["items"] is not JsonArray items || items.Count == 0)
        {
            errors["items"] = ["At least one item is required."];
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                var path = $"items[{i}]";
                if (items[i] is not JsonObject item)
                {
                    errors[path] = ["Each item must be an object with sku, quantity and unitPrice."];
                    continue;
                }

                RequireText(item, "sku", $"{path}.sku", errors);
                if (!IsInteger(item["quantity"], out var quantity) || quantity < 1)
                {
                    errors[$"{path}.quantity"] = ["The quantity must be an integer of at least 1."];
                }

                if (!IsNumber(item["unitPrice"], out var price) || price < 0)
                {
                    errors[$"{path}.unitPrice"] = ["The unitPrice must be a number of at least 0."];
                }
            }
        }

        ValidateAddress(order["address"], "address", errors);
        return errors;
    }

    /// <summary>An address object: every field a non-empty string after trimming.</summary>
    public static void ValidateAddress(JsonNode? node, string path, Dictionary<string, string[]> errors)
    {
        if (node is not JsonObject address)
        {
            errors[path] = ["The address must be an object with line1, city, postalCode and country."];
            return;
        }

        foreach (var field in AddressFields)
        {
            RequireText(address, field, path.Length == 0 ? field : $"{path}.{field}", errors);
        }
    }

    /// <summary>Σ quantity × unitPrice of validated items.</summary>
    public static decimal Amount(JsonArray items) =>
        items.OfType<JsonObject>().Sum(i => i["quantity"]!.GetValue<decimal>() * i["unitPrice"]!.GetValue<decimal>());

    private static void RequireText(JsonObject owner, string name, string path, Dictionary<string, string[]> errors)
    {
        if (Text(owner[name]) is not { } text || string.IsNullOrWhiteSpace(text))
        {
            errors[path] = [$"The {name} is required and must be a non-empty string."];
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool IsNumber(JsonNode? node, out decimal number)
    {
        number = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out number);
    }

    private static bool IsInteger(JsonNode? node, out decimal number) =>
        IsNumber(node, out number) && decimal.Truncate(number) == number && number <= int.MaxValue;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrderIdPattern();
}
