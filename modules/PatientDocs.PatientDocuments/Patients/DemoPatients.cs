using System.Globalization;

namespace PatientDocs.PatientDocuments.Patients;

/// <summary>Deterministic demo patients: P000001… with names picked from the id's number, the same on every machine.</summary>
public static class DemoPatients
{
    private static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam", "Maya",
        "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wen", "Ximena", "Yusuf", "Zoe",
        "Amara", "Bruno", "Chloe", "Dmitri", "Esther", "Felix",
    ];

    private static readonly string[] LastNames =
    [
        "Adams", "Baker", "Castro", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Usman", "Varga",
        "Weber", "Xu", "Yilmaz", "Zimmermann", "Alvarez", "Bianchi", "Costa", "Novak", "Silva", "Kim", "Horvat",
    ];

    /// <summary>The id of demo patient <paramref name="number"/> (1-based): P000001.</summary>
    public static string Id(int number) => "P" + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Demo patient <paramref name="number"/>; the first 32 × 33 patients all have distinct name pairs.</summary>
    public static Patient Create(int number)
    {
        var index = number - 1;
        var first = FirstNames[index % FirstNames.Length];
        var last = LastNames[(index * 5 + index / FirstNames.Length) % LastNames.Length];
        return new Patient(Id(number), first, last, null, null);
    }
}
