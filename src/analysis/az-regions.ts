/**
 * Public availability-zone names per Region, for resolving a Region's AZ list
 * (`data.aws_availability_zones`, `Fn::GetAZs`) when the Region is known.
 *
 * Source: the AWS documentation of Regions and Zones (Amazon EC2 User Guide,
 * "Regions and Zones"; AWS RAM User Guide, "Availability Zone IDs for your AWS
 * resources"), and the zones listed for each Region in the AWS Global
 * Infrastructure pages — as of 2026-12. Only standard zones whose opt-in status
 * is "opt-in-not-required" (what `data.aws_availability_zones` and
 * `Fn::GetAZs` return by default); Local Zones and Wavelength Zones are not
 * listed. The order is the alphabetical order both return.
 *
 * Caveats, stated in the README: the names an account sees can differ from
 * this table in a few Regions (us-east-1 and us-west-1 give some accounts a
 * different subset; ap-northeast-1b is not offered to accounts created since
 * 2012), and names map to different physical zones in different accounts —
 * compare AZ IDs across accounts. The policy file's `availabilityZones` key
 * overrides or extends this table.
 */
export const REGION_AZ_TABLE_DATE = '2026-12';
export const REGION_AZ_TABLE_SOURCE =
  'AWS documentation: Amazon EC2 User Guide "Regions and Zones" and AWS RAM User Guide "Availability Zone IDs", as of 2026-12';

const abc = (region: string, letters = 'abc'): string[] => [...letters].map((l) => `${region}${l}`);

export const REGION_AZS: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': abc('us-east-1', 'abcdef'),
  'us-east-2': abc('us-east-2'),
  'us-west-1': abc('us-west-1', 'ab'),
  'us-west-2': abc('us-west-2', 'abcd'),
  'af-south-1': abc('af-south-1'),
  'ap-east-1': abc('ap-east-1'),
  'ap-east-2': abc('ap-east-2'),
  'ap-south-1': abc('ap-south-1'),
  'ap-south-2': abc('ap-south-2'),
  'ap-southeast-1': abc('ap-southeast-1'),
  'ap-southeast-2': abc('ap-southeast-2'),
  'ap-southeast-3': abc('ap-southeast-3'),
  'ap-southeast-4': abc('ap-southeast-4'),
  'ap-southeast-5': abc('ap-southeast-5'),
  'ap-southeast-7': abc('ap-southeast-7'),
  'ap-northeast-1': abc('ap-northeast-1', 'acd'),
  'ap-northeast-2': abc('ap-northeast-2', 'abcd'),
  'ap-northeast-3': abc('ap-northeast-3'),
  'ca-central-1': abc('ca-central-1', 'abd'),
  'ca-west-1': abc('ca-west-1'),
  'eu-central-1': abc('eu-central-1'),
  'eu-central-2': abc('eu-central-2'),
  'eu-west-1': abc('eu-west-1'),
  'eu-west-2': abc('eu-west-2'),
  'eu-west-3': abc('eu-west-3'),
  'eu-south-1': abc('eu-south-1'),
  'eu-south-2': abc('eu-south-2'),
  'eu-north-1': abc('eu-north-1'),
  'il-central-1': abc('il-central-1'),
  'me-south-1': abc('me-south-1'),
  'me-central-1': abc('me-central-1'),
  'mx-central-1': abc('mx-central-1'),
  'sa-east-1': abc('sa-east-1'),
  'us-gov-east-1': abc('us-gov-east-1'),
  'us-gov-west-1': abc('us-gov-west-1'),
  'cn-north-1': abc('cn-north-1', 'abd'),
  'cn-northwest-1': abc('cn-northwest-1'),
};

/**
 * The AZ names of `region`: from `overrides` (the policy file's
 * `availabilityZones`) first, then the built-in table; undefined when neither
 * knows the Region (the list then stays symbolic).
 */
export function regionAzNames(region: string, overrides?: Readonly<Record<string, readonly string[]>>): string[] | undefined {
  const list = overrides?.[region] ?? REGION_AZS[region];
  return list ? [...list] : undefined;
}
