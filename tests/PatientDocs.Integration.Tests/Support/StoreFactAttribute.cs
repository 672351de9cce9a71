using Xunit.Sdk;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>
/// A fact that skips with a clear message when its (concrete) test class needs PostgreSQL and none is configured; xunit 2
/// has no runtime skip, and the shared store suite declares its tests once for every store.
/// </summary>
[XunitTestCaseDiscoverer("PatientDocs.Integration.Tests.Support.StoreFactDiscoverer", "PatientDocs.Integration.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;
