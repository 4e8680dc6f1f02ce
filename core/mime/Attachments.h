#pragma once
// Attachment file names as senders give them (MimePart::filename, decoded)
// are hostile: "../../.bashrc", "C:\Windows\x.exe", "CON", and names whose
// shown extension is not the real one ("invoice\u202Egpj.exe" reads as
// "invoiceexe.jpg"). Here they become names that are safe to create, a form
// that shows the trick to the user, unique paths, and a private place from
// which the desktop's handler opens a file.
#include "common/Error.h"

#include <QByteArray>
#include <QString>

namespace tern::mime {

constexpr int kMaxFileNameBytes = 255;   // NAME_MAX of Linux file systems, in UTF-8

// A name to create in a directory: the last path component (both '/' and
// '\'), NFC; bidi controls and other invisible format characters removed, so
// the extension shown is the real one; control characters and the characters
// Windows refuses (<>:"|?*) as '_'; runs of white space as one space; no
// leading dots or spaces (no hidden files, no "..") nor trailing ones; Windows
// device names (CON, NUL, COM1 …) prefixed with '_'; at most
// kMaxFileNameBytes, cut before the extension on a character boundary.
// Nothing left: "attachment", with the extension of `mimeType` when the MIME
// database knows one. Applying it to its own result changes nothing.
QString safeFileName(const QString &senderName, const QByteArray &mimeType = {});

// The sender's name as given, for showing beside the safe one: every control,
// bidi and other invisible character spelled out ("invoice<U+202E>gpj.exe").
// Long names keep their beginning and end, with "…" between.
QString displayFileName(const QString &senderName);

// Whether the sender's name holds characters displayFileName spells out:
// a name worth a warning.
bool hasHiddenCharacters(const QString &senderName);

// dir/name, else "name (1).ext", "name (2).ext" … the first that is free (a
// dangling symlink is not free), with `fileName` made safe first. Another
// process may take it before the caller does: create it with
// QIODevice::NewOnly and ask again when that fails.
Result<QString> uniquePath(const QString &dir, const QString &fileName);

// For "open with the desktop's handler": a new directory of its own (mode
// 0700, "tern-open-XXXXXX" in `baseDir`, by default the system's temporary
// directory), and in it the file under its safe name, mode 0600. Returns the
// file's path; the caller removes the directory when the file is no longer
// needed.
Result<QString> writePrivateTempFile(const QString &senderName, const QByteArray &content,
                                     const QByteArray &mimeType = {}, const QString &baseDir = {});

} // namespace tern::mime
