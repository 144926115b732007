import type { ApiPromise } from '@polkadot/api';
import type { Signer, SignerResult } from '@polkadot/api/types';
import { findUnknownExtensions } from '@polkadot/types/extrinsic/signedExtensions';
import type { ExtDef } from '@polkadot/types/extrinsic/signedExtensions/types';
import type { IKeyringPair, Registry, SignerPayloadJSON } from '@polkadot/types/types';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { ChainError } from './errors.js';

const NO_PAYLOAD = { extrinsic: {}, payload: {} };

/**
 * Subtensor's own signed extensions, which @polkadot/api does not know. Each adds nothing to the extrinsic nor to
 * the signing payload (checked against real finney transactions of spec 467). The first two are older runtimes'.
 */
export const SUBTENSOR_SIGNED_EXTENSIONS: ExtDef = {
  SubtensorSignedExtension: NO_PAYLOAD,
  CommitmentsSignedExtension: NO_PAYLOAD,
  SubtensorTransactionExtension: NO_PAYLOAD,
  SudoTransactionExtension: NO_PAYLOAD,
  CheckShieldedTxValidity: NO_PAYLOAD,
  DrandPriority: NO_PAYLOAD,
};

/** The runtime metadata as @polkadot/api holds it (`api.runtimeMetadata`), in its original version. */
export interface RuntimeMetadataLike {
  readonly version: number;
}

interface ExtensionEntry {
  identifier: { toString(): string };
  type: { toNumber(): number };
  /** v14/v15 name of the implicit (payload-only) part; v16 calls it `implicit`. */
  additionalSigned?: { toNumber(): number };
  implicit?: { toNumber(): number };
}

/**
 * The signed extensions of the runtime that neither @polkadot/api nor subnetkit knows, and those of ours whose
 * metadata does not declare them empty. Signing with either would give a wrong signature. Without `metadata` (an
 * offline registry) ours are trusted by name.
 */
export function unsupportedSignedExtensions(registry: Registry, metadata?: RuntimeMetadataLike): string[] {
  const names = registry.signedExtensions;
  const unknown = findUnknownExtensions(names, SUBTENSOR_SIGNED_EXTENSIONS);
  const entries = metadata ? extensionEntries(metadata) : [];
  const changed = names.filter((name) => {
    if (!(name in SUBTENSOR_SIGNED_EXTENSIONS)) return false;
    const entry = entries.find((e) => e.identifier.toString() === name);
    return (
      entry !== undefined &&
      !(isEmpty(registry, entry.type) && isEmpty(registry, entry.additionalSigned ?? entry.implicit))
    );
  });
  return [...unknown, ...changed];
}

function extensionEntries(metadata: RuntimeMetadataLike): ExtensionEntry[] {
  const latest = (metadata as unknown as Record<string, { extrinsic?: Record<string, unknown> } | undefined>)[
    `asV${metadata.version}`
  ];
  const ext = latest?.extrinsic;
  const list = (ext?.signedExtensions ?? ext?.transactionExtensions) as ExtensionEntry[] | undefined;
  return list ? [...list] : [];
}

function isEmpty(registry: Registry, id: { toNumber(): number } | undefined): boolean {
  if (!id) return false;
  const def = registry.lookup.getSiType(id.toNumber()).def;
  return (def.isComposite && def.asComposite.fields.length === 0) || (def.isTuple && def.asTuple.length === 0);
}

/** Fails with `UnknownSignedExtension`, naming them, when this runtime's transactions can't be signed correctly. */
export function assertSignableRuntime(api: ApiPromise): void {
  const bad = unsupportedSignedExtensions(api.registry, api.runtimeMetadata);
  if (bad.length > 0) {
    throw new ChainError(
      'UnknownSignedExtension',
      `this runtime (spec ${api.runtimeVersion.specVersion.toString()}) signs transactions with signed extensions ` +
        `subnetkit does not know how to encode: ${bad.join(', ')}. Signing anyway would produce a signature the ` +
        'chain rejects; the extension must be added to SUBTENSOR_SIGNED_EXTENSIONS.',
      { kind: 'unsupported' },
    );
  }
}

/**
 * The bytes an sr25519 key signs for a transaction: the SCALE payload (call, then every signed extension's extra
 * and implicit data in metadata order), blake2-256 hashed when longer than 256 bytes.
 */
export function signingPayload(registry: Registry, payload: SignerPayloadJSON): Uint8Array {
  const version = typeof payload.version === 'number' ? payload.version : Number(payload.version);
  const bytes = registry.createType('ExtrinsicPayload', payload, { version }).toU8a({ method: true });
  return bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes;
}

/** A @polkadot/api `Signer` that signs `signingPayload` with a key pair: the one path every transaction takes. */
export function payloadSigner(registry: Registry, pair: IKeyringPair): Signer {
  let id = 0;
  return {
    signPayload: async (payload: SignerPayloadJSON): Promise<SignerResult> => ({
      id: ++id,
      signature: u8aToHex(pair.sign(signingPayload(registry, payload), { withType: true })),
    }),
  };
}
