// SHA-256 of a file, computed in the browser: the file is never uploaded. SubtleCrypto does
// it natively but only in a secure context (https, or localhost); a server reached over plain
// http on a LAN has none, so a small JS implementation is fetched for that case and fed the
// file in chunks.

function hex(bytes: ArrayBuffer | Uint8Array): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(file: Blob): Promise<string> {
  if (globalThis.crypto?.subtle) {
    return hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  }
  const { sha256 } = await import('@noble/hashes/sha2');
  const hash = sha256.create();
  const reader = file.stream().getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    hash.update(value);
  }
  return hex(hash.digest());
}

export const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
