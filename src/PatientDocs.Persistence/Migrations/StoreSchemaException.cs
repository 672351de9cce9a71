namespace PatientDocs.Persistence.Migrations;

/// <summary>The database's schema is not the one this build runs on: newer than it knows, or not migrated yet.</summary>
public sealed class StoreSchemaException(string message) : InvalidOperationException(message);
