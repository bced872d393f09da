/// "Did you mean …?" for command-line tools built on the library.
public enum Suggest {
  /// The closest candidate to `word`, if it is close enough to be a typo.
  public static func closest<S: Sequence>(to word: String, among candidates: S) -> String?
  where S.Element == String {
    suggestion(for: word, among: candidates)
  }
}
