using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>A state-language server on the store a subclass picks, made on first use and disposed after each test.</summary>
public abstract class ApiTestBase : ServerTest<StateLanguageServer>;
