#pragma once
// Autocrypt Level 1 (autocrypt.org/level1.html), the sending side: a message
// from an identity with an OpenPGP key carries that key in an Autocrypt header
// (§2.1), so the reader's client can encrypt the answer, with
// prefer-encrypt=mutual (Tern switches encryption on by itself when the
// recipients say so too). Receiving: store/AutocryptPeers.
#include <QByteArray>
#include <QString>

namespace tern::crypto {

// "Autocrypt: addr=…; keydata=…" folded to 78 columns, ending CRLF; empty
// when `address` has no usable secret key here (nothing is announced then).
QByteArray autocryptHeader(const QString &address);

// `message` with that header among its header fields (an Autocrypt header
// already there is replaced: one per message, §2.1).
QByteArray withAutocryptHeader(const QByteArray &message, const QString &address);

} // namespace tern::crypto
