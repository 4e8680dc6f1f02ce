#pragma once
// A message as the reader sees it once its signatures are checked and its
// encryption removed, by the rules the published attacks taught ("Johnny,
// you are fired", Müller et al. 2019; EFAIL, Poddebniak et al. 2018;
// "Re: What's up Johnny", Müller et al. 2019):
// - only the root is unwrapped: a multipart/signed, multipart/encrypted
//   (RFC 3156), application/pkcs7-mime (RFC 8551) or a text/plain body that is
//   one armored OpenPGP block and nothing else; an encrypted part is decrypted
//   only as the root or as the direct child of a root multipart/signed;
// - "signed" means a signature covers the root of what is displayed; a signed
//   or encrypted part below unprotected content is an attachment, not verified
//   and not decrypted (listed in MessageSecurity::nestedSections);
// - the signer must be the From address, else the verdict is "mismatch";
// - OpenPGP without integrity protection (no MDC) is not shown;
// - decrypted content is rendered alone and never loads remote content;
// - the Subject inside the encryption (protected headers) replaces the outer one.
#include "mime/MimeTree.h"
#include "mime/Render.h"

namespace tern::crypto {

struct ProtectedView {
    mime::ParsedMessage message;     // what to render: outer headers, the unwrapped root
    mime::MessageSecurity security;
    bool decrypted = false;          // `message` holds decrypted content: no remote content, ever
    QByteArray decryptedEntity;      // the MIME entity the decryption gave (headers and body), when decrypted
};

// Synchronous: runs gpg/gpgsm through GPGME. The bytes signatures cover are
// those parseMessage() kept (MimePart::raw).
ProtectedView unwrap(const mime::ParsedMessage &message);

// unwrap() then mime::render() with the security block filled and remote
// content forced off for decrypted messages.
mime::Rendered renderProtected(const mime::ParsedMessage &message, mime::RenderOptions options = {});

// What a reply or a forward quotes (issue #6: only the visible decrypted text
// of the root; "Re: What's up Johnny", Müller et al. 2019): for a message whose
// root was decrypted, its own header fields over the decrypted entity, the
// Subject from inside; otherwise `raw` as it is (nothing nested is ever
// decrypted, so nothing decrypted can be quoted into an attacker's thread).
// `wasEncrypted` tells the caller to encrypt the answer by default.
QByteArray answerableOriginal(const QByteArray &raw, bool *wasEncrypted);

} // namespace tern::crypto
