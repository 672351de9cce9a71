namespace PatientDocs.Engine.Expressions;

/// <summary>An expression could not be evaluated; the message is what the incident shows.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
