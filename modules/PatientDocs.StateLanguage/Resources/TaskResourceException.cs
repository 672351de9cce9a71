namespace PatientDocs.StateLanguage.Resources;

/// <summary>A resource's failure with the error type a Task's <c>retry.errorTypes</c> and <c>catch</c> match on.</summary>
public sealed class TaskResourceException : Exception
{
    public TaskResourceException(string errorType, string message)
        : base(message) => ErrorType = errorType;

    public TaskResourceException()
        : this(ErrorTypes.TaskFailed, "The task failed.")
    {
    }

    public TaskResourceException(string message)
        : this(ErrorTypes.TaskFailed, message)
    {
    }

    public TaskResourceException(string message, Exception innerException)
        : base(message, innerException) => ErrorType = ErrorTypes.TaskFailed;

    public string ErrorType { get; }
}
