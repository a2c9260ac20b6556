using System.Text.Json;
using System.Text.Json.Serialization;
using Edge.Telemetry;

namespace Edge.FirmwareSim.Reporting;

/// <summary>Writes the report as indented JSON, through a temporary file so a reader never sees half of it.</summary>
internal static class ReportWriter
{
    public static async Task WriteAsync(string path, SimulationReport report, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var temporary = fullPath + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, report, ReportJson.Default.SimulationReport, cancellationToken);
        }

        File.Move(temporary, fullPath, overwrite: true);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, Converters = [typeof(UtcTimestampJsonConverter)])]
[JsonSerializable(typeof(SimulationReport))]
internal sealed partial class ReportJson : JsonSerializerContext;
