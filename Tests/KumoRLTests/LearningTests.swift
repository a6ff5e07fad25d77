import Testing

/// The learning tests train agents for seconds to minutes of CPU each. They run one at a time, so
/// they take one core and leave the other to the timing-sensitive socket tests running beside them.
@Suite(.serialized) enum LearningTests {}
