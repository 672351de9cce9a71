using Xunit.Sdk;

// The other part of the shared toolkit's attribute, so it must share its namespace rather than this folder's.
namespace PatientDocs.Testing;

// Skips with a clear message when its (concrete) test class needs PostgreSQL and none is configured; xunit 2 has no
// runtime skip, and the shared store suite declares its tests once for every store.
[XunitTestCaseDiscoverer("PatientDocs.Integration.Tests.Support.StoreFactDiscoverer", "PatientDocs.Integration.Tests")]
public sealed partial class StoreFactAttribute;
