using System.Text.Json.Nodes;

namespace PatientDocs.Engine.Activities;

/// <summary>One item of a fan-out. <paramref name="Key"/> is unique within the group and becomes part of the idempotency key.</summary>
public sealed record TaskItem(string Key, JsonObject Input, long Weight = 0);
