namespace Edge.Gateway.Journal;

/// <summary>What a journal entry holds. Alerts and gaps travel in the first lane, readings in the live and backlog lanes.</summary>
internal enum JournalEntryKind
{
    Reading = 0,
    Alert = 1,
    Gap = 2,
}
