using System.Text;

namespace Edge.Cloud.Devices;

/// <summary>
/// RFC 4180 CSV: comma-separated fields, double quotes around fields holding commas, quotes or line breaks (a quote
/// inside doubled), CRLF or LF line ends. Blank lines are skipped. Each record keeps the line it starts on.
/// </summary>
internal static class CsvRecords
{
    public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

    /// <summary>The records, or the line where the text stops being CSV (an unclosed quote).</summary>
    public static (List<CsvRecord> Records, int? BrokenLine) Parse(string text)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var fieldStarted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    fieldStarted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    fieldStarted = true;
                    break;
            }
        }

        if (quoted)
        {
            return (records, recordLine);
        }

        EndRecord();
        return (records, null);

        void EndRecord()
        {
            if (fieldStarted || fields.Count > 0)
            {
                fields.Add(field.ToString());
                records.Add(new CsvRecord(recordLine, [.. fields]));
            }

            fields.Clear();
            field.Clear();
            fieldStarted = false;
        }
    }
}
