namespace PatientDocs.Engine.Alterations;

/// <summary>One change to a workflow instance (Elsa's alteration types); applied in order, in one burst of the instance.</summary>
public abstract record Alteration
{
    /// <summary>The type name of the request's <c>type</c> field.</summary>
    public abstract string Type { get; }
}
