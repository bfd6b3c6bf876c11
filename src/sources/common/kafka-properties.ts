/**
 * The replication settings of an MSK configuration's server properties
 * (Java properties text: `key=value` or `key: value` lines, `#` / `!`
 * comments), shared by the Terraform (aws_msk_configuration
 * server_properties) and CloudFormation (AWS::MSK::Configuration
 * ServerProperties) normalizers and the live collector.
 *
 * A property the text does not set stays absent: MSK then uses its default
 * configuration (https://docs.aws.amazon.com/msk/latest/developerguide/msk-default-configuration.html).
 */
import { Unknown, type Maybe } from '../../graph/values.js';

export interface ReplicationSettings {
  replicationFactor: Maybe<number>;
  minInsyncReplicas: Maybe<number>;
}

/** `key=value` pairs of a properties text; later lines win, as Java's Properties does. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) out.set(m[1], m[2].trim());
  }
  return out;
}

function intProperty(props: Map<string, string>, key: string, where: string): Maybe<number> {
  const s = props.get(key);
  if (s === undefined) return undefined;
  return /^\d+$/.test(s) ? Number(s) : new Unknown(`${key} = "${s}" in ${where} is not a whole number`);
}

/** The two settings from a properties text (or the Unknown the text is, for both). */
export function replicationSettings(text: Maybe<string>, where: string): ReplicationSettings {
  if (text instanceof Unknown) {
    const why = new Unknown(`the server properties of the cluster's configuration are not known: ${text.reason}`);
    return { replicationFactor: why, minInsyncReplicas: why };
  }
  if (text === undefined) return { replicationFactor: undefined, minInsyncReplicas: undefined };
  const props = parseProperties(text);
  return {
    replicationFactor: intProperty(props, 'default.replication.factor', where),
    minInsyncReplicas: intProperty(props, 'min.insync.replicas', where),
  };
}
