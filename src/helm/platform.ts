/**
 * Maps the runner's OS and CPU to the names Helm and helm-push release archives use.
 */
export interface Platform {
  os: 'linux' | 'darwin' | 'windows';
  arch: string;
  /** Archive extension of Helm releases for this OS. */
  archiveExt: 'tar.gz' | 'zip';
  exe: string;
  /** Architecture key for the tool cache (Node's name, like setup-* actions use). */
  cacheArch: string;
}

const OS: Partial<Record<NodeJS.Platform, Platform['os']>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
};

const ARCH: Partial<Record<NodeJS.Architecture, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

export function detectPlatform(
  platform: NodeJS.Platform = process.platform,
  arch: NodeJS.Architecture = process.arch,
): Platform {
  const os = OS[platform];
  const helmArch = ARCH[arch];
  if (os === undefined || helmArch === undefined) {
    throw new Error(`Helm publishes no release for ${platform}/${arch}`);
  }
  return {
    os,
    arch: helmArch,
    archiveExt: os === 'windows' ? 'zip' : 'tar.gz',
    exe: os === 'windows' ? 'helm.exe' : 'helm',
    cacheArch: arch,
  };
}

export function helmArchiveName(version: string, platform: Platform): string {
  return `helm-${version}-${platform.os}-${platform.arch}.${platform.archiveExt}`;
}
