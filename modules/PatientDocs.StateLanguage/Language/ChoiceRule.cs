using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

/// <summary>One of a Choice's rules: a condition over the data (as written: <c>{variable, op: value}</c>, <c>and</c>, <c>or</c>, <c>not</c>) and its next state.</summary>
public sealed record ChoiceRule(JsonObject Condition, string Next);
