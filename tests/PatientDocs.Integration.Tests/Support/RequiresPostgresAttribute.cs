namespace PatientDocs.Integration.Tests.Support;

/// <summary>Marks a test class whose <see cref="StoreFactAttribute"/> tests need PostgreSQL (see <see cref="PostgresDatabase.SkipReason"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;
