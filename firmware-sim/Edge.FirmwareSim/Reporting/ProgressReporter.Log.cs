using Microsoft.Extensions.Logging;

namespace Edge.FirmwareSim.Reporting;

internal sealed partial class ProgressReporter
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information,
        Message = "connected {Connected}/{Devices}, generated {Generated}, published {Published}, acknowledged {Acknowledged} ({Rate}/s), buffered {Unsent}, dropped {Dropped}, errors {Errors}")]
    private partial void LogProgress(int connected, int devices, long generated, long published, long acknowledged, double rate, long unsent, long dropped, long errors);
}
