namespace PatientDocs.Engine.Runtime;

/// <summary>
/// A start that could not settle on a version: its definition's versions kept changing under it, or the definition was
/// deleted while a bulk start was part done. Nothing is lost: the message says what, if anything, was started. The API
/// answers 409, as for any request that cannot be done now.
/// </summary>
public sealed class StartConflictException(string message) : Exception(message);
