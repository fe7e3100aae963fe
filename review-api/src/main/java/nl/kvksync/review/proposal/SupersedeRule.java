package nl.kvksync.review.proposal;

/** Which of two proposals in one slot stays open: the later raised one; ties broken by id, so replays agree. */
final class SupersedeRule {

    private SupersedeRule() {
    }

    static boolean newerWins(long openRaisedAt, String openId, long newRaisedAt, String newId) {
        return newRaisedAt > openRaisedAt || (newRaisedAt == openRaisedAt && newId.compareTo(openId) > 0);
    }
}
