using Edge.Mqtt.Packets;

namespace Edge.Mqtt.Topics;

/// <summary>
/// Rules for topic names (what a PUBLISH names) and topic filters (what a SUBSCRIBE asks for), section 4.7:
/// at least one character, at most 65,535 UTF-8 bytes, no U+0000; names carry no wildcard; in a filter
/// <c>+</c> fills a whole level and <c>#</c> is the whole last level.
/// </summary>
internal static class MqttTopics
{
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

    /// <summary>Why <paramref name="filter"/> is not a valid topic filter, or null when it is.</summary>
    public static string? CheckFilter(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return "a topic filter must not be empty";
        }

        for (var i = 0; i < filter.Length; i++)
        {
            var levelStart = i == 0 || filter[i - 1] == '/';
            var levelEnd = i == filter.Length - 1 || filter[i + 1] == '/';
            switch (filter[i])
            {
                case '+' when !levelStart || !levelEnd:
                    return $"in the topic filter \"{filter}\" '+' must occupy a whole level";
                case '#' when !levelStart || i != filter.Length - 1:
                    return $"in the topic filter \"{filter}\" '#' must be the whole last level";
            }
        }

        return MqttStrings.Check(filter) is { } problem ? $"the topic filter {problem}" : null;
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
}
