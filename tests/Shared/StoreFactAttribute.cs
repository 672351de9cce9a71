namespace PatientDocs.Testing;

/// <summary>
/// A fact of the store contract. A test project whose stores need a service that may be missing declares the other part
/// of this partial class with a discoverer that skips them; elsewhere it is a plain fact.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed partial class StoreFactAttribute : FactAttribute;
