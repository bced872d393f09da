#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Turns the paths given on a command line into the list of filing files to read.
public struct InputCollector {
  /// Files are taken as given (an unknown extension is an error); directories
  /// are walked recursively for `.json`, `.jsonl`, `.yaml` and `.yml` files,
  /// skipping names that start with `.`, following symbolic links but
  /// visiting each directory once, and listing what each walk found sorted by
  /// path bytes. `-` stands for standard input and is kept as `-`. A path
  /// listed twice is read once. Paths that cannot be read get an
  /// `unreadable` error; the others are still collected.
  public static func collect(_ paths: [String]) -> (files: [String], errors: [DataError]) {
    var files: [String] = []
    var errors: [DataError] = []
    var listed = Set<String>()
    func add(_ file: String) {
      if listed.insert(file).inserted { files.append(file) }
    }
    for path in paths {
      if path == "-" {
        add(path)
        continue
      }
      var info = stat()
      guard stat(path, &info) == 0 else {
        errors.append(unreadableError(path, errno: errno))
        continue
      }
      if info.st_mode & S_IFMT == S_IFDIR {
        var found: [String] = []
        var visited = Set<DirectoryID>()
        walk(path, info, into: &found, errors: &errors, visited: &visited)
        found.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for file in found { add(file) }
      } else if FilingFormat(path: path) == nil {
        errors.append(unknownTypeError(path))
      } else if info.st_mode & S_IFMT != S_IFREG {
        errors.append(notRegularError(path))
      } else if access(path, R_OK) != 0 {
        errors.append(unreadableError(path, errno: errno))
      } else {
        add(path)
      }
    }
    return (files, errors)
  }

  private struct DirectoryID: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  private static func walk(
    _ directory: String, _ info: stat, into found: inout [String], errors: inout [DataError],
    visited: inout Set<DirectoryID>
  ) {
    let id = DirectoryID(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    guard visited.insert(id).inserted else { return }  // a symbolic link loop
    guard let handle = opendir(directory) else {
      errors.append(unreadableError(directory, errno: errno))
      return
    }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if !name.hasPrefix(".") { names.append(name) }
    }
    closedir(handle)
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    for name in names {
      let path = prefix + name
      var child = stat()
      guard stat(path, &child) == 0 else {
        // A dangling link is only worth a message when it looks like a filing.
        if FilingFormat(path: name) != nil { errors.append(unreadableError(path, errno: errno)) }
        continue
      }
      switch child.st_mode & S_IFMT {
      case S_IFDIR:
        walk(path, child, into: &found, errors: &errors, visited: &visited)
      case S_IFREG where FilingFormat(path: name) != nil:
        if access(path, R_OK) == 0 {
          found.append(path)
        } else {
          errors.append(unreadableError(path, errno: errno))
        }
      default:
        // A FIFO, socket or device named like a filing: opening a FIFO
        // would block the run for good, so it is reported, not read.
        if FilingFormat(path: name) != nil { errors.append(notRegularError(path)) }
      }
    }
  }

  static func notRegularError(_ path: String) -> DataError {
    DataError(
      .unreadable, "cannot read `\(path)`: not a regular file (a pipe, socket or device)",
      file: path, line: 0, column: 0)
  }

  static func unreadableError(_ path: String, errno code: Int32) -> DataError {
    let reason: String
    switch code {
    case ENOENT: reason = "no such file or directory"
    case EACCES: reason = "permission denied"
    case ENOTDIR: reason = "not a directory"
    case EISDIR: reason = "is a directory"
    case ELOOP: reason = "too many levels of symbolic links"
    default: reason = String(cString: strerror(code)).lowercased()
    }
    return DataError(
      .unreadable, "cannot read `\(path)`: \(reason)", file: path, line: 0, column: 0)
  }

  static func unknownTypeError(_ path: String) -> DataError {
    DataError(
      .unreadable, "unknown file type `\(path)`, expected .json, .jsonl, .yaml or .yml", file: path,
      line: 0, column: 0)
  }
}
