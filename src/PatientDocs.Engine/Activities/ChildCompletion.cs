namespace PatientDocs.Engine.Activities;

/// <param name="Slot">The slot the child ran in (<c>activities/2</c>, <c>then</c>, <c>body</c>…).</param>
/// <param name="ActivityType">The child's type name.</param>
/// <param name="IsTerminal">The child is a terminal node (Break, End, Finish): a Sequence stops after it.</param>
public sealed record ChildCompletion(string Slot, string ActivityType, bool IsTerminal);
