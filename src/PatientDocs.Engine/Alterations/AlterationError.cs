namespace PatientDocs.Engine.Alterations;

/// <summary>A request problem, named by its field (<c>alterations[0].activityId</c>) the way a ProblemDetails lists it.</summary>
public sealed record AlterationError(string Field, string Message);
