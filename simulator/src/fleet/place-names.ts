/**
 * Invented but plausible Chinese place names for the virtual fleet: townships, villages, streets and sites
 * in the style of northern Shanxi. They are drawn from syllable lists so any fleet size gets unique names.
 */
import type { Random } from '../random.js';

const firsts = [...'东西南北新高杨王李张石沙河泉柳龙峰平安兴宁黄白青红金银古长大小清云秀龟凤桃杏梨枣'];
const seconds = [...'村庄堡坪峪寨口沟营岭川坡湾屯关山岩滩窑'];
const surnames = [...'王李张刘陈杨赵黄周吴徐孙马胡郭何高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚'];
const villageTails = [...'庄堡坪沟峪寨营湾岭屯'];
const roadRoots = ['和平', '建设', '人民', '解放', '新华', '迎宾', '光明', '胜利', '文化', '团结', '育才', '振兴', '长征', '七一', '雁门', '秀容', '云中', '滹沱', '五台', '汾源'];
const roadKinds = ['路', '街', '大街', '大道'];
const landmarks = ['汽车客运站', '火车站', '人民医院', '文化广场', '体育中心', '商贸城', '人民公园', '政务服务中心', '会展中心', '中医院', '步行街', '农贸市场', '图书馆', '博物馆', '第一中学', '万达广场', '开发区管委会', '物流园'];
const scenicKinds = ['山', '湖', '寺', '古城', '温泉', '峡谷', '森林公园', '草原', '古镇', '长城'];

/** Draws names that are unique among those this generator has produced. */
export class NameBook {
  private readonly used = new Set<string>();

  constructor(private readonly rng: Random) {}

  private unique(make: () => string): string {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = make();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
    // The syllable space is large; only a very large fleet gets here, and a numeral keeps names distinct.
    const base = make();
    for (let n = 2; ; n++) {
      const name = `${base}${n}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  township(): string {
    return this.unique(() => `${this.rng.pick(firsts)}${this.rng.pick(seconds)}${this.rng.chance(0.6) ? '镇' : '乡'}`);
  }

  /** The county seat's urban sub-districts. */
  subdistrict(): string {
    return this.unique(() => `${this.rng.pick(roadRoots)}街道`);
  }

  village(): string {
    return this.unique(() =>
      this.rng.chance(0.6)
        ? `${this.rng.pick(surnames)}家${this.rng.pick(villageTails)}村`
        : `${this.rng.pick(firsts)}${this.rng.pick(seconds)}村`,
    );
  }

  road(): string {
    return `${this.rng.pick(roadRoots)}${this.rng.pick(roadKinds)}`;
  }

  landmark(): string {
    return this.unique(() => this.rng.pick(landmarks));
  }

  /** A landmark while any is left, then a street address as the site's name. */
  urbanSite(): string {
    const fresh = landmarks.filter((l) => !this.used.has(l));
    if (fresh.length > 0) {
      const l = this.rng.pick(fresh);
      this.used.add(l);
      return l;
    }
    return this.unique(() => `${this.road()}${this.rng.int(1, 299)}号`);
  }

  scenic(): string {
    return this.unique(() => `${this.rng.pick(firsts)}${this.rng.pick(seconds)}${this.rng.pick(scenicKinds)}`);
  }

  /** Highway service areas, trunk-road parking areas, tourist-road posts and camps take a place's name. */
  roadside(): string {
    return this.unique(() => `${this.rng.pick(firsts)}${this.rng.pick(seconds)}`);
  }

  residential(): string {
    const tails = ['小区', '花园', '家园', '苑', '新城', '佳苑'];
    return this.unique(() => `${this.rng.pick(roadRoots)}${this.rng.pick(tails)}`);
  }

  institution(): string {
    const units = ['市政府机关', '供电公司', '税务局', '人民医院', '职业技术学院', '疾控中心', '自然资源局', '交通运输局', '公安局', '教育局'];
    return this.unique(() => this.rng.pick(units));
  }

  busDepot(): string {
    return this.unique(() => `${this.rng.pick(roadRoots)}路`);
  }
}
