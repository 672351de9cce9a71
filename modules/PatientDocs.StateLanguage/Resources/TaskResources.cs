namespace PatientDocs.StateLanguage.Resources;

/// <summary>The registered real handlers by name; a name not here is run by <see cref="MockResource"/>.</summary>
public sealed class TaskResources(IEnumerable<ITaskResource> handlers)
{
    private readonly Dictionary<string, ITaskResource> _byName = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);

    public ITaskResource? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The queue a Task naming <paramref name="name"/> runs on.</summary>
    public string QueueFor(string name) => Find(name)?.Queue ?? StateLanguageModule.Queue;
}
