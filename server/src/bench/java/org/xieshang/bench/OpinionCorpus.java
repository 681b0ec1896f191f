package org.xieshang.bench;

import com.hankcs.hanlp.HanLP;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Synthetic Chinese opinions for the benchmarks: sentences built from the phrases people use on twelve
 * everyday subjects of consultation, each opinion knowing the subject it was built from (to measure how
 * well themes are recovered); some are near copies of earlier ones, some are in Traditional characters.
 */
final class OpinionCorpus {
  record Opinion(String text, int topic, String venue, String sector, String authorKind) {}

  private static final String[][][] TOPICS = {
      {{"老旧小区停车", "小区停车位", "路边停车", "停车收费"},
          {"停车位严重不足", "车辆乱停乱放占用消防通道", "收费标准不透明", "晚上回家找不到车位"},
          {"利用闲置空地建设立体停车场", "错时开放机关单位停车场", "公开停车收费标准", "增设夜间临时停车泊位"}},
      {{"农村饮水", "城乡供水", "自来水管网", "乡镇水厂"},
          {"水质不稳定", "管网老化经常停水", "偏远村组还没有通自来水", "水费收缴不规范"},
          {"推进城乡供水一体化", "改造老化供水管网", "加强水源地保护", "建立水质定期检测公示制度"}},
      {{"社区养老", "居家养老服务", "老年食堂", "养老院"},
          {"独居老人无人照料", "养老服务中心覆盖率低", "护理人员数量不够", "收费太高老人负担不起"},
          {"在每个社区办老年食堂", "为高龄独居老人提供上门服务", "培养专业护理人员", "给予养老机构运营补贴"}},
      {{"城区学校", "义务教育", "学位供给", "乡村学校"},
          {"大班额现象突出", "优质教育资源分布不均", "乡村教师流失严重", "学生上学路途远"},
          {"加快新建扩建城区学校", "推动城乡教师轮岗交流", "提高乡村教师待遇", "开通农村学生校车"}},
      {{"基层医疗", "乡镇卫生院", "社区医院", "医疗保险"},
          {"医生太少排队时间长", "设备陈旧看不了大病", "报销比例偏低", "异地就医结算麻烦"},
          {"引进培养基层医疗人才", "更新卫生院诊疗设备", "提高居民医保报销比例", "简化异地就医备案手续"}},
      {{"垃圾分类", "生活垃圾处理", "农村人居环境", "垃圾转运"},
          {"居民不清楚如何分类", "分类收集后又混合运输", "农村垃圾随意倾倒", "转运站臭味扰民"},
          {"加强垃圾分类宣传指导", "完善分类运输体系", "建立村级保洁长效机制", "对转运站进行密闭改造"}},
      {{"营商环境", "行政审批", "中小企业", "政务服务"},
          {"审批环节多办事时间长", "企业融资难融资贵", "部门之间数据不共享", "惠企政策知晓率低"},
          {"推行一网通办压缩审批时限", "加大对中小企业的信贷支持", "打通部门数据壁垒", "主动向企业推送惠企政策"}},
      {{"柠檬产业", "特色农业", "农产品加工", "农村电商"},
          {"产业链条短附加值低", "品牌影响力不强", "冷链物流设施缺乏", "农产品卖不出好价钱"},
          {"发展柠檬精深加工", "打造区域公用品牌", "建设产地冷链仓储设施", "培育农村电商带头人"}},
      {{"公共交通", "农村客运", "城区道路", "交通拥堵"},
          {"公交线路覆盖不到乡镇", "班次少等车时间长", "上下班高峰拥堵严重", "学校周边交通秩序混乱"},
          {"延伸城乡公交线路", "优化公交发车频次", "实施交通拥堵点改造", "上下学时段安排交警疏导"}},
      {{"河道治理", "水污染", "生态环境", "沱江流域"},
          {"河道污染反复出现", "生活污水直排入河", "养殖废水处理不到位", "河长制落实不到位"},
          {"建立河道治理长效机制", "加快乡镇污水处理设施建设", "规范畜禽养殖废弃物处理", "压实各级河长责任"}},
      {{"乡村振兴", "返乡创业", "农村人才", "村集体经济"},
          {"年轻人外流村里缺人才", "返乡创业缺少资金和场地", "村集体经济薄弱", "农技服务跟不上"},
          {"出台政策吸引大学生返乡创业", "设立返乡创业扶持资金", "盘活闲置集体资产", "组建农技专家服务团"}},
      {{"食品安全", "校园食堂", "农贸市场", "餐饮小作坊"},
          {"小作坊卫生条件差", "校园食堂监管存在漏洞", "农药残留检测覆盖面窄", "过期食品仍在销售"},
          {"加强食品安全日常监管", "推行校园食堂明厨亮灶", "扩大农产品快速检测范围", "严厉打击销售过期食品行为"}},
  };
  private static final String[] OPENERS = {"", "我认为", "建议", "希望", "关于", "针对", "从群众反映看，"};
  private static final String[] JOINS = {"，建议", "，希望", "，应", "，急需", "。建议有关部门", "，请政府"};
  private static final String[] TAILS = {"", "。", "，切实解决群众的后顾之忧。", "，让老百姓得到实惠。", "，这是群众最关心的事。",
      "，请相关部门尽快研究落实。"};
  static final String[] VENUES = {"主会场", "雁江区分会场", "安岳县分会场", "乐至县分会场", "临空经济区分会场"};
  static final String[] SECTORS = {"农业界", "教育界", "医药卫生界", "经济界", "社会福利界", "科技界", "文化艺术界", "特邀界"};
  static final String[] KINDS = {"MEMBER", "DRAWN_PUBLIC", "OPEN_PUBLIC", "EXPERT", "DEPARTMENT"};

  private OpinionCorpus() {}

  static int topics() {
    return TOPICS.length;
  }

  static List<Opinion> generate(int n, long seed) {
    Random r = new Random(seed);
    List<Opinion> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (i > 20 && r.nextDouble() < 0.05) {
        Opinion copy = out.get(r.nextInt(out.size()));
        out.add(new Opinion(nearCopy(copy.text(), r), copy.topic(), pick(VENUES, r), pick(SECTORS, r), pick(KINDS, r)));
        continue;
      }
      int t = r.nextInt(TOPICS.length);
      String[][] topic = TOPICS[t];
      StringBuilder s = new StringBuilder(pick(OPENERS, r)).append(pick(topic[0], r)).append(pick(topic[1], r))
          .append(pick(JOINS, r)).append(pick(topic[2], r));
      if (r.nextDouble() < 0.4) {
        s.append("，").append(pick(topic[2], r));
      }
      if (r.nextDouble() < 0.15) {
        s.append("。另外").append(pick(topic[0], r)).append(pick(topic[1], r));
      }
      s.append(pick(TAILS, r));
      String text = r.nextDouble() < 0.03 ? HanLP.convertToTraditionalChinese(s.toString()) : s.toString();
      out.add(new Opinion(text, t, pick(VENUES, r), pick(SECTORS, r), pick(KINDS, r)));
    }
    return out;
  }

  /** The same opinion resent with a small change: a word dropped, punctuation changed, or a phrase added. */
  private static String nearCopy(String text, Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> text.replace("，", ",");
      case 1 -> text + "谢谢！";
      default -> text.length() > 10 ? text.substring(0, text.length() - 2) : text;
    };
  }

  private static String pick(String[] values, Random r) {
    return values[r.nextInt(values.length)];
  }
}
