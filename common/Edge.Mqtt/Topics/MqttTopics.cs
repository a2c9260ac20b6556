using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Topics;

/// <summary>
/// Rules for topic names (what a PUBLISH names) and topic filters (what a SUBSCRIBE asks for), section 4.7:
/// at least one character, at most 65,535 UTF-8 bytes, no U+0000; names carry no wildcard; in a filter
/// <c>+</c> fills a whole level and <c>#</c> is the whole last level. A shared subscription (MQTT 5 section 4.8.2,
/// also accepted by Mosquitto on MQTT 3.1.1) is <c>$share/{ShareName}/{filter}</c>: a share name of at least one
/// character without <c>/</c>, <c>+</c> or <c>#</c>, then a valid filter.
/// </summary>
internal static class MqttTopics
{
    public const string SharePrefix = "$share/";

    /// <summary>Why <paramref name="topic"/> is not a valid topic name, or null when it is.</summary>
    public static string? CheckName(string? topic)
    {
        if (string.IsNullOrEmpty(topic))
        {
            return "a topic name must not be empty";
        }

        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return $"the topic name \"{topic}\" contains a wildcard ('+' or '#'), which only filters may";
        }

        return MqttStrings.Check(topic) is { } problem ? $"the topic name {problem}" : null;
    }

    /// <summary>Why <paramref name="filter"/> is not a valid topic filter (or shared subscription), or null when it is.</summary>
    public static string? CheckFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return "a topic filter must not be empty";
        }

        if (MqttStrings.Check(filter) is { } problem)
        {
            return $"the topic filter {problem}";
        }

        if (IsShared(filter))
        {
            var rest = filter.AsSpan(SharePrefix.Length);
            var slash = rest.IndexOf('/');
            var shareName = slash < 0 ? rest : rest[..slash];
            if (shareName.IsEmpty || shareName.IndexOfAny('+', '#') >= 0)
            {
                return $"the shared subscription \"{filter}\" needs a share name without '+' or '#' after \"{SharePrefix}\"";
            }

            if (slash < 0 || slash == rest.Length - 1)
            {
                return $"the shared subscription \"{filter}\" needs a topic filter after its share name";
            }

            return CheckLevels(filter, rest[(slash + 1)..]);
        }

        return CheckLevels(filter, filter);
    }

    /// <summary>True for a shared subscription's filter (<c>$share/...</c>).</summary>
    public static bool IsShared(string filter) => filter.StartsWith(SharePrefix, StringComparison.Ordinal);

    /// <summary>The filter a shared subscription matches with (the part after its share name); the filter itself otherwise.</summary>
    public static ReadOnlySpan<char> MatchingPart(ReadOnlySpan<char> filter)
    {
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            return filter;
        }

        var rest = filter[SharePrefix.Length..];
        var slash = rest.IndexOf('/');
        return slash < 0 ? [] : rest[(slash + 1)..];
    }

    public static void ValidateName(string? topic, string parameterName)
    {
        if (CheckName(topic) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    public static void ValidateFilter(string? filter, string parameterName)
    {
        if (CheckFilter(filter) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    private static string? CheckLevels(string whole, ReadOnlySpan<char> filter)
    {
        for (var i = 0; i < filter.Length; i++)
        {
            var levelStart = i == 0 || filter[i - 1] == '/';
            var levelEnd = i == filter.Length - 1 || filter[i + 1] == '/';
            switch (filter[i])
            {
                case '+' when !levelStart || !levelEnd:
                    return $"in the topic filter \"{whole}\" '+' must occupy a whole level";
                case '#' when !levelStart || i != filter.Length - 1:
                    return $"in the topic filter \"{whole}\" '#' must be the whole last level";
            }
        }

        return null;
    }
}
