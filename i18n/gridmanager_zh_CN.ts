<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="107" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="112" />
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="114" />
        <source>as requested</source>
        <translation>按申请</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="115" />
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="118" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="122" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
</context>
<context>
    <name>AddPartLayerAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="35" />
        <source>Add part inventory layer</source>
        <translation>添加部件台账图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="38" />
        <source>City parts</source>
        <translation>城市部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="48" />
        <source>Adds the part inventory (部件台账) of a case store to the project as an editable layer with the plugin's form: class picked by major then minor class, status and owner department from lists, codes, grid, community, street and version read-only (the database makes them), a Photos tab and a History tab listing every change of the part with 'Restore this version'.
Store: a PostgreSQL connection of QGIS (the shared store; credentials stay in the connection or the authentication manager) or a GeoPackage store file. The history, photo and pick-list tables are added in a group below. Labels follow the language of QGIS (English or Chinese).
Save as the layer's default style: the form is stored in the database (layer_styles), so other desks opening the layer get it too.
Planners add, edit, move and retire parts with the ordinary editing tools; when the database refuses a save (a part changed by someone else since you read it, a code edited, a delete, another role) the message bar says why in words and your edits are kept.</source>
        <translation>把案件库的部件台账作为可编辑图层加入工程，并带有插件的表单：部件类别先选大类再选小类，状态和权属部门从列表中选择，编码、网格、社区、街道和版本只读（由数据库生成），“照片”页签，以及列出该部件每次变更并可“恢复此版本”的“历史”页签。
案件库：QGIS 的 PostgreSQL 连接（共享库；凭据保存在连接或认证管理器中）或 GeoPackage 案件库文件。历史、照片和选择列表的表加入下方的图层组。标签使用 QGIS 的界面语言（英文或中文）。
保存为图层的默认样式：表单保存在数据库中（layer_styles），其他工位打开该图层时也会得到它。
规划人员用常规编辑工具新增、修改、移动和注销部件；数据库拒绝保存时（部件在您读取后已被他人修改、修改了编码、删除、非规划角色），消息栏会用文字说明原因，您的编辑会保留。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="65" />
        <source>PostgreSQL connection of the shared store</source>
        <translation>共享案件库的 PostgreSQL 连接</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="71" />
        <source>or: GeoPackage store</source>
        <translation>或：GeoPackage 案件库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="78" />
        <source>Save the form as the layer's default style in the store</source>
        <translation>将表单保存为案件库中该图层的默认样式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="81" />
        <source>Part inventory</source>
        <translation>部件台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="82" />
        <source>Part history</source>
        <translation>部件历史</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="83" />
        <source>Part photos</source>
        <translation>部件照片</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="90" />
        <source>Choose either a PostgreSQL connection or a GeoPackage store (not both, not neither).</source>
        <translation>请选择一个 PostgreSQL 连接或一个 GeoPackage 案件库（二者选一，不能都选也不能都不选）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="97" />
        <source>There is no PostgreSQL connection named '{name}' in QGIS.</source>
        <translation>QGIS 中没有名为“{name}”的 PostgreSQL 连接。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="104" />
        <source>The store of connection '{name}'</source>
        <translation>连接“{name}”的案件库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="108" />
        <source>The GeoPackage {path} does not exist.</source>
        <translation>GeoPackage {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="117" />
        <source>{layer}: {n} parts; the form, {tables} tables and relations added.</source>
        <translation>{layer}：{n} 个部件；已加入表单、{tables} 个表和关联。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="124" />
        <source>The form was saved as the layer's default style in the store.</source>
        <translation>表单已保存为案件库中该图层的默认样式。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/add_part_layer.py" line="127" />
        <source>The form could not be saved in the store ({reason}); this desk has it, other desks get it by running this algorithm.</source>
        <translation>表单未能保存到案件库（{reason}）；本工位已有该表单，其他工位运行此算法即可获得。</translation>
    </message>
</context>
<context>
    <name>BatchActionDialog</name>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="34" />
        <source>{action} for {n} selected cases, each with the version shown in the list.</source>
        <translation>对选中的 {n} 件案件执行“{action}”，每件按列表中显示的版本办理。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="48" />
        <source>Department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="51" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>BatchResultDialog</name>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="76" />
        <source>{applied} of {total} cases applied, {refused} refused.</source>
        <translation>{total} 件案件中 {applied} 件已办理，{refused} 件被拒绝。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="84" />
        <location filename="../grid_manager/gui/case_batch.py" line="119" />
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="84" />
        <location filename="../grid_manager/gui/case_batch.py" line="119" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="84" />
        <location filename="../grid_manager/gui/case_batch.py" line="119" />
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="93" />
        <location filename="../grid_manager/gui/case_batch.py" line="125" />
        <source>applied</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="93" />
        <location filename="../grid_manager/gui/case_batch.py" line="125" />
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="108" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="109" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_batch.py" line="110" />
        <source>Copy the results as tab-separated text (for a spreadsheet or a message)</source>
        <translation>将结果复制为制表符分隔的文本（可粘贴到表格或消息中）</translation>
    </message>
</context>
<context>
    <name>Budget</name>
    <message>
        <location filename="../grid_manager/common/budget.py" line="45" />
        <source>{n} hours</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/budget.py" line="47" />
        <source>{n} minutes</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/budget.py" line="48" />
        <source>{n} seconds</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/budget.py" line="71" />
        <source>{what}: {work} would need about {need} of memory, more than the {limit} one job may use ({share} % of the {free} available now). Nothing was computed. {advice}</source>
        <translation>{what}：{work}约需 {need} 内存，超过单个任务可用的 {limit}（当前可用 {free} 的 {share} %）。未进行任何计算。{advice}</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/budget.py" line="89" />
        <source>{what}: {work} would take about {need}, more than the time budget of {limit} (setting gridmanager/time_budget_minutes). Nothing was computed. {advice}</source>
        <translation>{what}：{work}约需 {need}，超过 {limit} 的时间预算（设置项 gridmanager/time_budget_minutes）。未进行任何计算。{advice}</translation>
    </message>
</context>
<context>
    <name>CaseDensityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="57" />
        <source>Case heatmap (kernel density)</source>
        <translation>案件热力图（核密度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="60" />
        <location filename="../processing/algorithms/case_density.py" line="106" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="66" />
        <source>heatmap,kde,density,热力图,案件,cases,hotspot</source>
        <translation>热力图,核密度,密度,heatmap,kde,案件,cases,热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="69" />
        <source>Kernel density raster of case points (案件热力图) in cases per km², on the pixels of QGIS's own Heatmap (Kernel Density Estimation) algorithm — same raster extent and size, and with raw output values the same numbers — but the work is proportional to cases × kernel size: only the tiles a kernel reaches are computed and held in memory, so a few cases far apart do not cost a whole raster.

Cases: a point layer (the case store's cases_analysis export or any layer with the same fields). Layers whose CRS is geographic (EPSG:4490, EPSG:4326…) or not in metres are projected to a metric CRS first, so distances are always metres.
Radius (metres): search radius of the kernel. Pixel size (metres): output cell size.
Kernel shape: 0 quartic, 1 triangular, 2 uniform, 3 triweight, 4 Epanechnikov (the numbering of QGIS's heatmap). Decay ratio: triangular kernel only.
Weight field: optional numeric field multiplying each case (empty values count 0).
Output values: cases per km² (default): density(p) = 10⁶ × Σ wᵢ K(dᵢ) / ∫K, where K is the kernel (K(0) = 1), dᵢ the distance in metres from the pixel centre to case i, wᵢ its weight (1 without a weight field) and ∫K = π r² / c the integral of K over the disc of radius r (c = 3 quartic, 3 / (1 + 2 × decay) triangular, 1 uniform, 4 triweight, 2 Epanechnikov): each case adds one case spread over its disc, so the sum of density × pixel area (km²) is the number of cases whose disc lies inside the raster. Raw: Σ wᵢ K(dᵢ), QGIS's default. Scaled: QGIS's scaled values (per square metre, with QGIS's constants).
Extent: optional; the raster covers it, snapped outward to whole pixels of the default raster (the layer extent grown by the radius), so clipped and full rasters line up cell by cell; cases outside it still count where their kernel reaches inside.
Filters: case classes (codes or prefixes such as 01 or 0102), states, and a reporting time window [from, before). The raster keeps the extent of the whole layer, so filtered rasters line up cell by cell. Times without a zone are local times in the time zone (default Asia/Shanghai), times with a zone are converted; the window is in local time. Cases sharing a case_code count once.

Cells no case reaches are nodata. Before computing, the memory the tiles need is estimated and checked against the memory available: a raster too large is refused with the amount needed; choose a larger pixel size or a smaller extent then. Dense groups of cases use a sub-pixel binned FFT over their own window (agreeing with the exact sum to a correlation above 0.99999); the uniform kernel and sparse groups are evaluated exactly.</source>
        <translation>案件点的核密度栅格（案件热力图），单位为每平方公里案件数；像元与 QGIS 自带的“热力图（核密度估计）”算法一致——栅格范围和大小相同，选择原始输出值时数值也相同——但计算量与“案件数 × 核窗口大小”成正比：只计算并在内存中保留核函数覆盖到的瓦片，因此少数相距很远的案件不会占用整幅栅格。

案件：点图层（案件库导出的 cases_analysis 或字段相同的任何图层）。坐标系为地理坐标（EPSG:4490、EPSG:4326…）或单位不是米的图层会先投影到以米为单位的坐标系，因此距离始终以米计。
半径（米）：核函数的搜索半径。像元大小（米）：输出像元边长。
核函数形状：0 四次核，1 三角核，2 均匀核，3 三权核，4 Epanechnikov 核（与 QGIS 热力图的编号相同）。衰减比：仅用于三角核。
权重字段：可选的数值字段，与每个案件相乘（空值计为 0）。
输出值：每平方公里案件数（默认）：density(p) = 10⁶ × Σ wᵢ K(dᵢ) / ∫K，其中 K 为核函数（K(0) = 1），dᵢ 为像元中心到案件 i 的距离（米），wᵢ 为其权重（无权重字段时为 1），∫K = π r² / c 为 K 在半径 r 的圆内的积分（c = 3 四次核，3 / (1 + 2 × 衰减比) 三角核，1 均匀核，4 三权核，2 Epanechnikov 核）：每个案件在其圆内摊开为一个案件，因此密度 × 像元面积（平方公里）之和等于圆完全落在栅格内的案件数。原始值：Σ wᵢ K(dᵢ)，QGIS 的默认值。缩放值：QGIS 的缩放值（每平方米，采用 QGIS 的常数）。
范围：可选；栅格覆盖该范围，并向外对齐到默认栅格（图层范围向外扩展一个半径）的整像元，因此裁剪后的栅格与完整栅格逐像元对齐；范围外的案件在其核函数伸入范围的地方仍然计入。
筛选：案件类别（代码或前缀，如 01 或 0102）、状态以及上报时间窗口 [起, 止)。栅格保持整个图层的范围，因此筛选后的栅格逐像元对齐。不带时区的时间视为所选时区（默认 Asia/Shanghai）的本地时间，带时区的时间会被换算；时间窗口按本地时间计算。案件编号（case_code）相同的案件只计一次。

没有案件覆盖的像元为无数据。计算前会估算瓦片所需的内存并与可用内存比较：栅格过大时会拒绝并给出所需内存；此时请选择更大的像元大小或更小的范围。案件密集的区域在其自身窗口上使用亚像元分箱 FFT 计算（与精确求和的相关系数高于 0.99999）；均匀核和稀疏区域采用精确计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="112" />
        <source>Radius (metres)</source>
        <translation>半径（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="121" />
        <source>Pixel size (metres)</source>
        <translation>像元大小（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="130" />
        <source>Kernel shape</source>
        <translation>核函数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="132" />
        <source>Quartic</source>
        <translation>四次核</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="133" />
        <source>Triangular</source>
        <translation>三角核</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="134" />
        <source>Uniform</source>
        <translation>均匀核</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="135" />
        <source>Triweight</source>
        <translation>三权核</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="136" />
        <source>Epanechnikov</source>
        <translation>Epanechnikov 核</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="144" />
        <source>Weight field</source>
        <translation>权重字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="153" />
        <source>Decay ratio (triangular kernel only)</source>
        <translation>衰减比（仅三角核）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="164" />
        <source>Output values</source>
        <translation>输出值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="165" />
        <source>Cases per km²</source>
        <translation>每平方公里案件数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="165" />
        <source>Raw (kernel sum, QGIS's default)</source>
        <translation>原始值（核函数之和，QGIS 默认）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="165" />
        <source>Scaled (QGIS)</source>
        <translation>缩放值（QGIS）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="172" />
        <source>Case classes (codes or prefixes, comma-separated)</source>
        <translation>案件类别（代码或前缀，逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="173" />
        <source>Case states</source>
        <translation>案件状态</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="174" />
        <source>Reported from (inclusive)</source>
        <translation>上报时间起（含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="175" />
        <source>Reported before (exclusive)</source>
        <translation>上报时间止（不含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="177" />
        <source>Time zone of the case times</source>
        <translation>案件时间的时区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="180" />
        <source>Raster extent (default: the cases' extent grown by the radius)</source>
        <translation>栅格范围（默认：案件范围向外扩展一个半径）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="183" />
        <source>Case heatmap</source>
        <translation>案件热力图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="196" />
        <source>The heatmap is written as GeoTIFF: choose a .tif file name.</source>
        <translation>热力图以 GeoTIFF 格式写出：请选择 .tif 文件名。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="206" />
        <source>{layer} is in {crs}: distances are computed in {work}.</source>
        <translation>{layer} 的坐标系为 {crs}：距离在 {work} 中计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="219" />
        <source>{n} of {total} cases pass the filters.</source>
        <translation>{total} 条案件中有 {n} 条通过筛选。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="225" />
        <source>The raster extent is empty or cannot be transformed to {crs}.</source>
        <translation>栅格范围为空，或无法转换到 {crs}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="252" />
        <source>{n} cases lie too close to the edge of the raster for the kernel window and were skipped (as QGIS's heatmap does).</source>
        <translation>{n} 条案件距栅格边缘太近，核窗口放不下，已跳过（与 QGIS 热力图相同）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="268" />
        <source>Raster {cols} x {rows} cells ({tiles} of {all} tiles of {tile} x {tile} cells hold data), maximum density {max:.4g} {unit} ({method} evaluation).</source>
        <translation>栅格 {cols} x {rows} 个像元（{all} 个 {tile} x {tile} 像元的瓦片中有 {tiles} 个含数据），最大密度 {max:.4g} {unit}（{method} 计算）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="282" />
        <source>Case heatmap ({unit})</source>
        <translation>案件热力图（{unit}）</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="28" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="30" />
        <source>(extension requested)</source>
        <translation>（已申请延期）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="31" />
        <source>(return requested)</source>
        <translation>（已申请退回）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="34" />
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="36" />
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="36" />
        <source>part</source>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="41" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="41" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="41" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="42" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="43" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="44" />
        <source>Part</source>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="46" />
        <source>Department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="51" />
        <source>Reported at</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="52" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="54" />
        <source>Rework / extensions / returns</source>
        <translation>返工 / 延期 / 退回</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="61" />
        <source>Overdue before a return</source>
        <translation>退回前已超期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="62" />
        <source>{hours} h</source>
        <translation>{hours} 小时</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="68" />
        <source>OVERDUE</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="87" />
        <source>Photos: {n} (click one to open it)</source>
        <translation>照片：{n} 张（点击可查看原图）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="106" />
        <source>History</source>
        <translation>处理经过</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_detail.py" line="115" />
        <source>{n} photo(s)</source>
        <translation>{n} 张照片</translation>
    </message>
</context>
<context>
    <name>CaseDock</name>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="82" />
        <location filename="../grid_manager/gui/case_dock.py" line="972" />
        <source>Case handling</source>
        <translation>案件处理</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="111" />
        <source>reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="112" />
        <source>verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="113" />
        <source>registered</source>
        <translation>已立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="114" />
        <source>declined</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="115" />
        <source>dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="116" />
        <source>handled</source>
        <translation>已处置</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="117" />
        <source>closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="118" />
        <source>cancelled</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="119" />
        <source>new</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="124" />
        <source>Report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="125" />
        <source>Verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="126" />
        <source>Register</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="127" />
        <source>Decline</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="128" />
        <source>Dispatch…</source>
        <translation>派遣…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="129" />
        <source>Handling note…</source>
        <translation>处置记录…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="130" />
        <source>Report back</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="131" />
        <source>On-site check passed</source>
        <translation>核查通过</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="132" />
        <source>On-site check: not fixed</source>
        <translation>现场核查：未整改</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="133" />
        <source>Close</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="134" />
        <source>Rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="135" />
        <source>Return (misdirected)</source>
        <translation>退回（派遣有误）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="136" />
        <source>Request return (misdirected)…</source>
        <translation>申请退回（派遣有误）…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="137" />
        <source>Accept return</source>
        <translation>同意退回</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="138" />
        <source>Reject return</source>
        <translation>驳回退回申请</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="139" />
        <source>Request extension…</source>
        <translation>申请延期…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="140" />
        <source>Approve extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="141" />
        <source>Refuse extension</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="142" />
        <source>Cancel case</source>
        <translation>作废案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="147" />
        <source>Inspector</source>
        <translation>监督员</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="148" />
        <source>Supervision centre</source>
        <translation>监督中心</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="149" />
        <source>Command centre</source>
        <translation>指挥中心</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="150" />
        <location filename="../grid_manager/gui/case_dock.py" line="215" />
        <source>Department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="151" />
        <source>Viewer</source>
        <translation>查询用户</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="163" />
        <source>A QGIS PostgreSQL connection (credentials from QGIS) or a GeoPackage</source>
        <translation>QGIS 的 PostgreSQL 连接（凭据由 QGIS 管理）或 GeoPackage 文件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="164" />
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="166" />
        <source>GeoPackage…</source>
        <translation>GeoPackage…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="174" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="179" />
        <source>New case on map</source>
        <translation>在地图上新建案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="185" />
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="193" />
        <source>grid code</source>
        <translation>网格编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="195" />
        <source>Overdue only</source>
        <translation>仅超期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="196" />
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="203" />
        <source>search code, description, part…</source>
        <translation>搜索编号、描述、部件…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="205" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="207" />
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="209" />
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="211" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="213" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="275" />
        <source>An action for every selected case (each in its own transaction)</source>
        <translation>对每件选中案件执行的操作（每件案件单独一个事务）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="277" />
        <source>Apply to selected</source>
        <translation>批量办理选中案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="281" />
        <source>Select from map</source>
        <translation>按地图选择</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="282" />
        <source>Select in the list the cases selected on the map (cases layer)</source>
        <translation>在列表中选中地图上（案件图层）已选择的案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="285" />
        <source>Export list…</source>
        <translation>导出列表…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="286" />
        <source>Save the filtered list (visible columns) as CSV or XLSX</source>
        <translation>将筛选后的列表（可见列）保存为 CSV 或 XLSX</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="300" />
        <source>Zoom and flash</source>
        <translation>定位并闪烁</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="304" />
        <source>Add cases layer</source>
        <translation>添加案件图层</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="305" />
        <source>Show the cases on the map, coloured by state; overdue cases as stars</source>
        <translation>在地图上显示案件，按状态着色；超期案件显示为星形</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="364" />
        <source>PostgreSQL: {name}</source>
        <translation>PostgreSQL：{name}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="367" />
        <source>GeoPackage: {name}</source>
        <translation>GeoPackage：{name}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="378" />
        <source>Open or create a case store</source>
        <translation>打开或新建案件库</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="380" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="401" />
        <source>The QGIS connection '{name}' does not exist.</source>
        <translation>QGIS 连接“{name}”不存在。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="407" />
        <source>The database of '{name}' holds no case store; ask its administrator to create it.</source>
        <translation>连接“{name}”的数据库中没有案件库，请联系管理员创建。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="431" />
        <source>Connected as {user}.</source>
        <translation>已以 {user} 身份连接。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="455" />
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="462" />
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="462" />
        <source>part</source>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="524" />
        <source>{n} cases</source>
        <translation>{n} 件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="528" />
        <source>overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="592" />
        <source>{n} selected</source>
        <translation>已选 {n} 件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="610" />
        <source>Select the cases in the list (or on the map) first.</source>
        <translation>请先在列表（或地图）中选择案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="617" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="617" />
        <source>{action}: {n} cases…</source>
        <translation>{action}：{n} 件案件…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="659" />
        <source>{action}: {applied} of {total} cases applied, {refused} refused.</source>
        <translation>{action}：{total} 件案件中 {applied} 件已办理，{refused} 件被拒绝。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="677" />
        <source>Add the cases layer and select cases on the map first.</source>
        <translation>请先添加案件图层并在地图上选择案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="683" />
        <source>No case is selected on the map layer '{layer}'.</source>
        <translation>地图图层“{layer}”上没有选中的案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="701" />
        <source>{n} cases selected from the map.</source>
        <translation>已按地图选中 {n} 件案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="703" />
        <source>{n} selected on the map are not in the filtered list.</source>
        <translation>地图上选中的 {n} 件案件不在筛选后的列表中。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="742" />
        <source>Export list</source>
        <translation>导出列表</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="744" />
        <source>Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)</source>
        <translation>Excel 工作簿 (*.xlsx);;CSV，UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="759" />
        <source>{n} cases exported to {path}.</source>
        <translation>已将 {n} 件案件导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="830" />
        <source>{name} — {stage}, {actor} ({role}), {at}</source>
        <translation>{name} — {stage}，{actor}（{role}），{at}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="851" />
        <source>No case selected.</source>
        <translation>未选择案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="862" />
        <source>On-site check…</source>
        <translation>现场核查…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="903" />
        <source>Current stage: {stage} (no time limit)</source>
        <translation>当前环节：{stage}（无时限）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="906" />
        <source>Current stage: {stage}, due {due}</source>
        <translation>当前环节：{stage}，时限 {due}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="908" />
        <source>OVERDUE</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="963" />
        <source>Case {case}: {action} done.</source>
        <translation>案件 {case}：{action}完成。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="1029" />
        <source>The role '{role}' may not report cases in this case store.</source>
        <translation>角色“{role}”不能在此案件库中上报案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="1055" />
        <source>Case {case} reported in grid {grid}.</source>
        <translation>案件 {case} 已上报，所在网格 {grid}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="1065" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="1075" />
        <source>The cases layer could not be loaded.</source>
        <translation>无法加载案件图层。</translation>
    </message>
</context>
<context>
    <name>CaseExport</name>
    <message>
        <location filename="../grid_manager/gui/case_export.py" line="49" />
        <source>Neither openpyxl nor GDAL's XLSX driver is available to write {path}.</source>
        <translation>没有可用的 openpyxl 或 GDAL XLSX 驱动，无法写入 {path}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_export.py" line="81" />
        <source>Cannot export to {path}: choose a file ending in .csv or .xlsx.</source>
        <translation>无法导出到 {path}：请选择以 .csv 或 .xlsx 结尾的文件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_export.py" line="98" />
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>CaseLayers</name>
    <message>
        <location filename="../processing/algorithms/case_layers.py" line="372" />
        <source>{layer}: the extent of the cases cannot be transformed to {crs}: {error}</source>
        <translation>{layer}：案件范围无法转换到 {crs}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/case_layers.py" line="463" />
        <source>{layer}: {n} cases repeat a case_code already read (e.g. {codes}): each code is counted once.</source>
        <translation>{layer}：{n} 条案件的 case_code 与已读取的案件重复（例如 {codes}）：每个编码只计一次。</translation>
    </message>
</context>
<context>
    <name>CaseStatistics</name>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="31" />
        <source>Statistics per</source>
        <translation>统计维度</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="34" />
        <source>department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="35" />
        <source>street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="43" />
        <location filename="../grid_manager/gui/case_stats.py" line="70" />
        <source>Department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="44" />
        <source>Open</source>
        <translation>在办</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="45" />
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="46" />
        <source>Due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="47" />
        <source>Closed this week</source>
        <translation>本周结案</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="70" />
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="79" />
        <source>All</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="81" />
        <source>(no department)</source>
        <translation>（未派遣）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_stats.py" line="81" />
        <source>(no street)</source>
        <translation>（无街道）</translation>
    </message>
</context>
<context>
    <name>CaseStore</name>
    <message>
        <location filename="../grid_manager/store/gpkg.py" line="147" />
        <source>Cannot open the case store {path}: {error}</source>
        <translation>无法打开案件库 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/gpkg.py" line="167" />
        <source>The case store {path} is busy or unreadable: {error}</source>
        <translation>案件库 {path} 正忙或无法读取：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/gpkg.py" line="185" />
        <source>The case store {path} refused the change: {error}</source>
        <translation>案件库 {path} 拒绝了此修改：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/gpkg.py" line="196" />
        <location filename="../grid_manager/store/gpkg.py" line="1311" />
        <source>Cannot read the case store {path}: {error}</source>
        <translation>无法读取案件库 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/gpkg.py" line="1183" />
        <location filename="../grid_manager/store/postgis.py" line="816" />
        <source>Photo {id} does not exist or is not visible to you.</source>
        <translation>照片 {id} 不存在或您无权查看。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="102" />
        <source>new</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="103" />
        <source>reported</source>
        <translation>已上报</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="104" />
        <source>verified</source>
        <translation>已核实</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="105" />
        <source>registered</source>
        <translation>已立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="106" />
        <source>declined</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="107" />
        <source>dispatched</source>
        <translation>已派遣</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="108" />
        <source>handled</source>
        <translation>已处置</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="109" />
        <source>closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="110" />
        <source>cancelled</source>
        <translation>已作废</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="111" />
        <source>report</source>
        <translation>上报</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="112" />
        <source>verify</source>
        <translation>核实</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="113" />
        <source>register</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="114" />
        <source>decline</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="115" />
        <source>dispatch</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="116" />
        <source>handle</source>
        <translation>处置记录</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="117" />
        <source>report_back</source>
        <translation>处置反馈</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="118" />
        <source>check</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="119" />
        <source>fail_check</source>
        <translation>核查不通过</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="120" />
        <source>close</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="121" />
        <source>rework</source>
        <translation>返工</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="122" />
        <source>return</source>
        <translation>退回</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="123" />
        <source>request_return</source>
        <translation>申请退回</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="124" />
        <source>accept_return</source>
        <translation>同意退回</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="125" />
        <source>reject_return</source>
        <translation>驳回退回申请</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="126" />
        <source>request_extension</source>
        <translation>申请延期</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="127" />
        <source>approve_extension</source>
        <translation>批准延期</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="128" />
        <source>refuse_extension</source>
        <translation>驳回延期</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="129" />
        <source>cancel</source>
        <translation>作废</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="130" />
        <source>inspector</source>
        <translation>监督员</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="131" />
        <source>supervision</source>
        <translation>监督中心</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="132" />
        <source>command</source>
        <translation>指挥中心</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="133" />
        <source>department</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="134" />
        <source>viewer</source>
        <translation>查询用户</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="135" />
        <source>planner</source>
        <translation>规划员</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="136" />
        <source>surveyor</source>
        <translation>测绘员</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="145" />
        <source>Case {case}: a failed on-site check needs a note saying what is not fixed (field note).</source>
        <translation>案件 {case}：核查不通过需要填写说明，写明未整改的问题（字段 note）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="149" />
        <source>Invalid working hours '{value}' (setting working_hours); write periods such as 08:30-12:00,13:30-17:30.</source>
        <translation>工作时间“{value}”无效（设置 working_hours）；请按 08:30-12:00,13:30-17:30 的格式填写时段。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="154" />
        <source>'{value}' is not a positive time limit of at most 8760 (field amount).</source>
        <translation>“{value}”不是不超过 8760 的正数时限（字段 amount）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="158" />
        <source>Case {case}: a return request needs a reason (field note).</source>
        <translation>案件 {case}：申请退回须说明理由（字段 note）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="162" />
        <source>Invalid attachment '{value}' (field attachments): give a list of stored file names, each non-empty and at most 500 characters.</source>
        <translation>附件“{value}”无效（字段 attachments）：请提供已保存文件名的列表，每个文件名不能为空且不超过 500 个字符。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="168" />
        <source>Unknown time zone '{value}' (setting time_zone).</source>
        <translation>未知时区“{value}”（设置 time_zone）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="172" />
        <source>Saving grid edits needs a reason (field reason).</source>
        <translation>保存网格编辑需要填写原因（字段 reason）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="174" />
        <source>'{value}' is not a street of this store (field streets); a surveyor needs at least one.</source>
        <translation>“{value}”不是本案件库的街道（字段 streets）；测绘员至少需要一个街道。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="182" />
        <source>Case {case}: the action '{action}' is not allowed for the role '{role}' in the state '{state}'.</source>
        <translation>案件 {case}：角色“{role}”在状态“{state}”下不能执行“{action}”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="192" />
        <source>Case {case} was changed by someone else (now version {current}, you had version {expected}); reload it and try again.</source>
        <translation>案件 {case} 已被他人修改（当前版本 {current}，您看到的是版本 {expected}）；请刷新后重试。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="198" />
        <source>You are not allowed to act as '{role}' in this case store.</source>
        <translation>您在此案件库中无权以“{role}”角色操作。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="202" />
        <source>Case {case} does not exist or is not visible to you.</source>
        <translation>案件 {case} 不存在，或您无权查看。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="209" />
        <source>Case {case}: no extension request is pending.</source>
        <translation>案件 {case}：没有待审批的延期申请。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="211" />
        <source>Case {case}: an extension request is already pending.</source>
        <translation>案件 {case}：已有待审批的延期申请。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="213" />
        <source>Case {case}: no return request is pending.</source>
        <translation>案件 {case}：没有待处理的退回申请。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="215" />
        <source>Case {case}: a return request is already pending.</source>
        <translation>案件 {case}：已有待处理的退回申请。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="217" />
        <source>Case {case}: it must pass the on-site check before it can be closed.</source>
        <translation>案件 {case}：须经现场核查通过后才能结案。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="220" />
        <source>Case {case}: it has already passed the on-site check.</source>
        <translation>案件 {case}：已通过现场核查。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="223" />
        <source>Case {case}: the department '{department}' does not exist.</source>
        <translation>案件 {case}：处置部门“{department}”不存在。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="226" />
        <source>Case {case}: choose the department to dispatch it to.</source>
        <translation>案件 {case}：请选择派遣的处置部门。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="230" />
        <source>No time limit is set for {kind} class {class_code} with urgency {urgency}; add it to the time-limit table before dispatching.</source>
        <translation>{kind} 类别 {class_code}（紧急程度 {urgency}）没有设置处置时限；请先在时限表中添加后再派遣。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="239" />
        <location filename="../grid_manager/store/interface.py" line="1591" />
        <source>Unknown class '{value}' for kind '{kind}' (field class_code).</source>
        <translation>类型“{kind}”下没有类别“{value}”（字段 class_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="243" />
        <source>Unknown source '{value}' (field source); use inspector, public, hotline or video.</source>
        <translation>未知的案件来源“{value}”（字段 source）；应为 inspector（监督员）、public（公众）、hotline（热线）或 video（视频）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="247" />
        <source>Unknown kind '{value}' (field kind); use part or event.</source>
        <translation>未知的案件类型“{value}”（字段 kind）；应为 part（部件）或 event（事件）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="249" />
        <source>Invalid urgency '{value}' (field urgency); use 0 (normal) or 1 (urgent).</source>
        <translation>紧急程度“{value}”无效（字段 urgency）；应为 0（一般）或 1（紧急）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="253" />
        <source>Part '{value}' does not exist (field part_code).</source>
        <translation>部件“{value}”不存在（字段 part_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="255" />
        <source>Case {case}: an extension needs a positive number of hours (field hours).</source>
        <translation>案件 {case}：延期时长必须为正的小时数（字段 hours）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="259" />
        <source>The location is not a valid point (field geom).</source>
        <translation>位置不是有效的点（字段 geom）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="260" />
        <source>Invalid value '{value}' in field {field}.</source>
        <translation>字段 {field} 的值“{value}”无效。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="262" />
        <source>The part inventory was changed by another run (run {current}, {actor}, {at}) after this survey was compared with it; nothing was applied. Run the update again.</source>
        <translation>在本次普查与部件台账比对之后，台账已被另一次更新修改（第 {current} 次更新，{actor}，{at}）；本次未应用任何变更。请重新运行更新。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="268" />
        <source>Part {part} was edited by hand ({actor}, {at}) after this survey was compared with the inventory; nothing was applied. Run the update again: the new comparison includes that edit.</source>
        <translation>部件 {part} 在本次普查与台账比对之后被手工修改（{actor}，{at}）；未应用任何更改。请重新运行更新：新的比对将包含该修改。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="274" />
        <source>Parts change only through an inventory update ('Update part inventory from a new survey').</source>
        <translation>部件只能通过台账更新（“用新普查更新部件台账”）修改。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="278" />
        <source>Parts are never deleted: retire a part instead (status 注销 with the date it was retired); a part missing from a survey is flagged 'missing'.</source>
        <translation>部件不可删除：请改为注销该部件（状态“注销”并填写注销日期）；普查中缺失的部件标记为“缺失”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="286" />
        <source>The report time {value} is in the future (field reported_at).</source>
        <translation>上报时间 {value} 晚于当前时间（字段 reported_at）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="290" />
        <source>The report time {value} is more than {max} hours in the past (field reported_at); historical cases are loaded by the store administrator.</source>
        <translation>上报时间 {value} 早于当前时间超过 {max} 小时（字段 reported_at）；历史案件由案件库管理员导入。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="296" />
        <source>A report time in the past (field reported_at) needs a note saying when and how the call came in.</source>
        <translation>补录过去的上报时间（字段 reported_at）须附说明，写明来电的时间和方式。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="300" />
        <source>Only the call centre (role supervision, source hotline or public) may record a report time (field reported_at); other reports take the time of the store's clock.</source>
        <translation>只有呼叫中心（角色 supervision，来源 hotline 或 public）可以填写上报时间（字段 reported_at）；其他上报一律采用案件库服务器的时间。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="306" />
        <source>The point ({x}, {y}) lies in no grid of this case store; report cases inside the grids (field geom).</source>
        <translation>点 ({x}, {y}) 不在本案件库的任何网格内；请在网格范围内上报案件（字段 geom）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="312" />
        <source>Part {part} is neither in grid {grid} nor in a grid next to it (field part_code).</source>
        <translation>部件 {part} 既不在网格 {grid} 内，也不在其相邻网格内（字段 part_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="315" />
        <source>Part {part} (class {part_class}) does not belong to the class family of the case ({kind} {class_code}) (field part_code).</source>
        <translation>部件 {part}（类别 {part_class}）不属于案件的类别大类（{kind} {class_code}）（字段 part_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="321" />
        <source>A step takes at most {max} photos ({length} given).</source>
        <translation>每个环节最多附 {max} 张照片（现有 {length} 张）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="325" />
        <source>The field {field} is too long ({length} characters; at most {max}).</source>
        <translation>字段 {field} 过长（{length} 个字符；最多 {max} 个）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="329" />
        <source>Case {case}: an extension of {value} hours is more than this class allows ({max} hours) (field hours).</source>
        <translation>案件 {case}：延期 {value} 小时超过该类别允许的上限（{max} 小时）（字段 hours）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="334" />
        <source>The login '{login}' is not a user of this case store.</source>
        <translation>登录名“{login}”不是本案件库的用户。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="340" />
        <source>Case {case}: not attempted, the batch was stopped.</source>
        <translation>案件 {case}：批量办理已停止，未办理。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="344" />
        <source>The action '{action}' takes details of each case; apply it to one case at a time.</source>
        <translation>操作“{action}”需要填写每件案件的具体内容，请逐件办理。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="348" />
        <source>Only the store's administrator or the command centre may change {what}; your login '{login}' may not.</source>
        <translation>只有案件库管理员或指挥中心可以修改{what}；您的登录名“{login}”无此权限。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="353" />
        <source>The department {department} cannot be removed: {cases} case(s) and {users} user(s) refer to it.</source>
        <translation>不能删除专业部门 {department}：有 {cases} 件案件和 {users} 个用户引用它。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="358" />
        <source>The login '{login}' is a database role that is not a user of this case store (or its administrator); only the administrator may change it.</source>
        <translation>登录名“{login}”是数据库角色，但不是此案件库的用户（或是其管理员）；只有管理员可以修改它。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="364" />
        <source>You cannot disable your own login or change your own role.</source>
        <translation>不能停用自己的登录名，也不能修改自己的角色。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="366" />
        <source>A user of the role 'department' needs the department they work for (field department).</source>
        <translation>角色为“department”的用户需要指定所属专业部门（字段 department）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="370" />
        <source>The class {kind} {code} cannot be removed: {cases} case(s) or part(s) refer to it.</source>
        <translation>不能删除类别 {kind} {code}：有 {cases} 件案件或部件引用它。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="374" />
        <source>Invalid code '{value}' (field {field}): {rule}.</source>
        <translation>代码“{value}”无效（字段 {field}）：{rule}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="378" />
        <source>The department '{department}' does not exist (field department).</source>
        <translation>专业部门“{department}”不存在（字段 department）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="382" />
        <source>The field {field} contains a NUL character (\0), which a case store cannot keep.</source>
        <translation>字段 {field} 含有 NUL 字符（\0），案件库无法保存。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="385" />
        <source>The case store refused the change: {detail}</source>
        <translation>案件库拒绝了此修改：{detail}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="504" />
        <source>Cannot write the photo '{name}' into the attachments folder {folder}: {error}</source>
        <translation>无法将照片“{name}”写入附件文件夹 {folder}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="517" />
        <source>The photo '{name}' is kept in an attachments folder, but this store has none set.</source>
        <translation>照片“{name}”保存在附件文件夹中，但本案件库未设置附件文件夹。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="527" />
        <source>Cannot read the photo '{name}' ({path}): {error}</source>
        <translation>无法读取照片“{name}”（{path}）：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="533" />
        <source>The file of the photo '{name}' ({path}) was changed after it was stored; it is not shown.</source>
        <translation>照片“{name}”的文件（{path}）在保存后被改动，不予显示。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="576" />
        <source>The photo '{name}' is empty (0 bytes).</source>
        <translation>照片“{name}”为空（0 字节）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="577" />
        <source>The photo '{name}' is too large ({size}); this case store takes photos up to {max}.</source>
        <translation>照片“{name}”过大（{size}）；本案件库接受的照片最大为 {max}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="583" />
        <source>'{name}' is not a JPEG, PNG or HEIC photo (its content is {found}, whatever its file name says).</source>
        <translation>“{name}”不是 JPEG、PNG 或 HEIC 照片（无论文件名如何，其内容是 {found}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="587" />
        <source>'{name}' is not a JPEG, PNG or HEIC photo (its content is not an image this store takes).</source>
        <translation>“{name}”不是 JPEG、PNG 或 HEIC 照片（其内容不是本案件库接受的图像）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="591" />
        <source>Case {case}: photos are added by whoever took the step ({seq}) they belong to, in that role; '{name}' was not stored.</source>
        <translation>案件 {case}：照片只能由办理该环节（第 {seq} 步）的人以该角色添加；“{name}”未保存。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="597" />
        <source>Photos are never changed nor deleted: the case record keeps them as taken.</source>
        <translation>照片不能修改或删除：案件记录按原样保存。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="598" />
        <source>The thumbnail of '{name}' is not a small JPEG or PNG image.</source>
        <translation>“{name}”的缩略图不是小尺寸的 JPEG 或 PNG 图像。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="613" />
        <source>Another desk was saving new parts of the same classes at the same moment; nothing was saved. Save again.</source>
        <translation>另一个工作站正在同时保存相同类别的新部件；未保存任何内容。请再次保存。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="641" />
        <source>the departments</source>
        <translation>专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="643" />
        <source>the part and event classes</source>
        <translation>部件和事件类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="644" />
        <source>the users and their roles</source>
        <translation>用户及其角色</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="649" />
        <source>a class code has 4 or 5 digits (2-digit major + 2- or 3-digit minor class) the store can keep</source>
        <translation>类别代码为案件库可保存的 4 位或 5 位数字（2 位大类 + 2 位或 3 位小类）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="653" />
        <source>a name is not empty and at most 200 characters</source>
        <translation>名称不能为空，且不超过 200 个字符</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="655" />
        <source>a login has 1 to 63 lower-case letters, digits or '_', starts with a letter and not with 'pg_' or 'gm_'</source>
        <translation>登录名由 1 至 63 个小写字母、数字或“_”组成，以字母开头，且不能以“pg_”或“gm_”开头</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="659" />
        <source>a department code has 1 to 200 characters, no control character and no space at either end</source>
        <translation>专业部门代码为 1 至 200 个字符，不含控制字符，首尾不能有空格</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="674" />
        <source>The part</source>
        <translation>该部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="677" />
        <source>Part {part}</source>
        <translation>部件 {part}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="678" />
        <source>The new part</source>
        <translation>新部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="685" />
        <source>{who}: the code is made by the store and cannot be changed (field code, value '{value}'); a copied or split part gets a new code when it is added.</source>
        <translation>{who}：部件编码由案件库生成，不能修改（字段 code，值“{value}”）；复制或拆分的部件在添加时会得到新编码。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="691" />
        <source>{who} was changed by {actor} at {at} (now version {current}, you had version {expected}); nothing was saved. Reload the part and edit it again.</source>
        <translation>{who}已被 {actor} 于 {at} 修改（现为第 {current} 版，您编辑的是第 {expected} 版）；未保存任何内容。请重新加载该部件后再编辑。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="698" />
        <source>{who}: the class '{value}' has the wrong number of digits for the part code scheme {scheme} of this store, which needs {digits}-digit classes (field class_code).</source>
        <translation>{who}：类别“{value}”的位数不符合本案件库的部件编码方案 {scheme}，该方案需要 {digits} 位类别代码（字段 class_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="703" />
        <source>{who}: the class '{value}' is not in the class catalogue of the store (field class_code).</source>
        <translation>{who}：类别“{value}”不在案件库的类别目录中（字段 class_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="707" />
        <source>{who}: unknown status '{value}' (field status); use one of {statuses}.</source>
        <translation>{who}：未知状态“{value}”（字段 status）；请使用以下之一：{statuses}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="711" />
        <source>{who}: the owner department '{value}' is not a department of the store (field owner_dept).</source>
        <translation>{who}：权属单位“{value}”不是案件库中的部门（字段 owner_dept）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="716" />
        <source>{who}: the location is not a valid point (field geom).</source>
        <translation>{who}：位置不是有效的点（字段 geom）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="717" />
        <source>{who}: the point ({x}, {y}) lies in no grid of the store; parts are placed inside the grids (field geom).</source>
        <translation>{who}：点 ({x}, {y}) 不在案件库的任何网格内；部件必须位于网格之内（字段 geom）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="722" />
        <source>No part code left for class {class_code} in {scope}: every serial up to {max} is used (field code).</source>
        <translation>{scope} 中类别 {class_code} 已无可用部件编码：直到 {max} 的所有序号均已使用（字段 code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="729" />
        <source>{who}: history row {row} is not a change of this part.</source>
        <translation>{who}：历史记录 {row} 不是该部件的变更。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="732" />
        <source>Part {part} does not exist or is not visible to you.</source>
        <translation>部件 {part} 不存在或您无权查看。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="739" />
        <source>Grid {grid} was retired by {actor} at {at} after you started editing it (you had version {expected}); nothing was saved. Reload the grids and edit again.</source>
        <translation>您开始编辑后，网格 {grid} 已被 {actor} 于 {at} 退役（您的是第 {expected} 版）；未保存任何内容。请重新加载网格后再编辑。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="744" />
        <source>Grid {grid} was changed by {actor} at {at} (now version {current}, you started from version {expected}); nothing was saved. Reload the grids and edit again.</source>
        <translation>网格 {grid} 已被 {actor} 于 {at} 修改（现为第 {current} 版，您是从第 {expected} 版开始编辑的）；未保存任何内容。请重新加载网格后再编辑。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="750" />
        <source>Grid {grid} lies in community {community} of street {street}; you may edit only the grids of street(s) {streets}.</source>
        <translation>网格 {grid} 位于街道 {street} 的社区 {community}；您只能编辑街道 {streets} 的网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="759" />
        <source>Grid {grid}: the geometry has {parts} parts; a grid is one polygon (field geometry).</source>
        <translation>网格 {grid}：几何有 {parts} 个部分；一个网格应是一个多边形（字段 geometry）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="763" />
        <source>Grid {grid}: the geometry is invalid ({detail}) (field geometry).</source>
        <translation>网格 {grid}：几何无效（{detail}）（字段 geometry）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="767" />
        <source>Grid {grid}: the geometry is a {type}, not a polygon (field geometry).</source>
        <translation>网格 {grid}：几何是 {type}，不是多边形（字段 geometry）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="771" />
        <source>Grid {grid}: the coordinates are not longitude/latitude in EPSG:4490 (field geometry).</source>
        <translation>网格 {grid}：坐标不是 EPSG:4490 的经纬度（字段 geometry）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="776" />
        <source>Grid {grid}: the geometry cannot be read (field geometry).</source>
        <translation>网格 {grid}：无法读取几何（字段 geometry）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="779" />
        <source>Grid {grid}: the geometry is empty (field geometry).</source>
        <translation>网格 {grid}：几何为空（字段 geometry）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="783" />
        <source>Grid code {grid} was retired at {at}; a retired code is never issued again (field code).</source>
        <translation>网格编码 {grid} 已于 {at} 退役；退役的编码不再发放（字段 code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="788" />
        <source>Grid {grid} appears twice in one save (field code).</source>
        <translation>网格 {grid} 在一次保存中出现两次（字段 code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="792" />
        <source>Grid code {grid} does not begin with its community code {community} (field code).</source>
        <translation>网格编码 {grid} 不以其社区编码 {community} 开头（字段 code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="795" />
        <source>Grid code {grid} is already in use; a new grid needs a new code (field code).</source>
        <translation>网格编码 {grid} 已在使用；新网格需要新的编码（字段 code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="799" />
        <source>Grid {grid}: a grid cannot move to another community ({community}); retire it and add a new grid there (field community_code).</source>
        <translation>网格 {grid}：网格不能移到另一个社区（{community}）；请将其退役并在那里新增网格（字段 community_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="805" />
        <source>Grid {grid}: '{community}' is not a community of this store.</source>
        <translation>网格 {grid}：“{community}”不是本案件库的社区。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="808" />
        <source>Grid {grid} does not exist in this store.</source>
        <translation>本案件库中没有网格 {grid}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="1366" />
        <source>a major class (2 digits); the store keeps minor classes</source>
        <translation>这是大类（2 位）；案件库只保存小类</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="1370" />
        <source>not a class code of 4 or 5 digits</source>
        <translation>不是 4 位或 5 位类别代码</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="1590" />
        <source>Line {line}: </source>
        <translation>第 {line} 行：</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/interface.py" line="1659" />
        <source>The part inventory is not what the survey was compared with ({written} rows written, {expected} expected); nothing was applied. Run the update again.</source>
        <translation>部件台账与比对时的台账不一致（写入 {written} 行，应为 {expected} 行）；本次未应用任何变更。请重新运行更新。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/parts.py" line="105" />
        <source>{file}, row {row}</source>
        <translation>{file}，第 {row} 行</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/parts.py" line="106" />
        <source>{source}, feature {feature}</source>
        <translation>{source}，要素 {feature}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/parts.py" line="119" />
        <source>{where}, geometry (part {code}): the location cannot be stored in the case store's coordinates (CGCS2000 longitude/latitude, EPSG:4490).</source>
        <translation>{where}，几何（部件 {code}）：该位置无法用案件库的坐标（CGCS2000 经纬度，EPSG:4490）存储。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/parts.py" line="131" />
        <source>{where}, field class_code (part {code}): the part class '{value}' is not in the class catalogue of the case store; ask its administrator to add it. {count} parts of the survey have classes the store does not know: {classes}.</source>
        <translation>{where}，字段 class_code（部件 {code}）：部件小类“{value}”不在案件库的分类目录中，请联系管理员添加。本次普查共有 {count} 个部件的小类案件库中没有：{classes}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/postgis.py" line="104" />
        <source>Permission denied: your login may not make this change in the case store.</source>
        <translation>权限不足：您的登录名不能在案件库中进行此项修改。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/postgis.py" line="107" />
        <source>Permission denied: your login may not use the case store's function {name}; ask the store's administrator for the role that may do this.</source>
        <translation>权限不足：您的登录名不能使用案件库的函数 {name}；请向案件库管理员申请具有此权限的角色。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/postgis.py" line="112" />
        <source>Permission denied: your login may not read or change {name} in the case store directly; changes go through the case workflow.</source>
        <translation>权限不足：您的登录名不能直接读取或修改案件库中的 {name}；修改须通过案件流程进行。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/postgis.py" line="138" />
        <source>The connection to the case store was lost; nothing was saved ({error}).</source>
        <translation>与案件库的连接已断开，未保存任何内容（{error}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/postgis.py" line="143" />
        <source>The case store refused the change: {error}</source>
        <translation>案件库拒绝了此修改：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/postgis.py" line="177" />
        <source>Cannot connect to the case store: {error}</source>
        <translation>无法连接案件库：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/postgis.py" line="1186" />
        <source>Live updates are paused: cannot listen to the case store ({error}).</source>
        <translation>实时更新已暂停：无法监听案件库（{error}）。</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="37" />
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="38" />
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="39" />
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="40" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="41" />
        <source>Department</source>
        <translation>处置部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="42" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="43" />
        <source>Reported</source>
        <translation>上报时间</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="44" />
        <source>Deadline</source>
        <translation>处置时限</translation>
    </message>
</context>
<context>
    <name>CaseTimes</name>
    <message>
        <location filename="../grid_manager/cases/times.py" line="37" />
        <source>Unknown time zone {zone!r}: give an IANA name such as Asia/Shanghai or UTC.</source>
        <translation>未知时区 {zone!r}：请填写 IANA 时区名称，例如 Asia/Shanghai 或 UTC。</translation>
    </message>
</context>
<context>
    <name>Catalogs</name>
    <message>
        <location filename="../grid_manager/parts/catalogs.py" line="87" />
        <source>Cannot read the catalogue {path}: {error}</source>
        <translation>无法读取分类目录 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/catalogs.py" line="99" />
        <source>The catalogue {path} is empty.</source>
        <translation>分类目录 {path} 为空。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/catalogs.py" line="104" />
        <source>The catalogue {path} has no column '{field}'.</source>
        <translation>分类目录 {path} 缺少列“{field}”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/catalogs.py" line="119" />
        <source>The catalogue {path}, line {line}, field 'code': '{value}' is not a class code of 2, 4 or 5 digits.</source>
        <translation>分类目录 {path} 第 {line} 行字段“code”：“{value}”不是 2、4 或 5 位的分类代码。</translation>
    </message>
</context>
<context>
    <name>CheckDialog</name>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="148" />
        <source>On-site check of case {case}</source>
        <translation>案件 {case} 现场核查</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="150" />
        <source>Fixed: the problem is solved (the case can be closed)</source>
        <translation>已整改：问题已解决（可以结案）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="151" />
        <source>Not fixed: back to the department for rework (核查不通过)</source>
        <translation>未整改：退回处置部门返工（核查不通过）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="159" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="161" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="179" />
        <source>Say what is not fixed (the note is required).</source>
        <translation>请写明未整改的问题（说明为必填项）。</translation>
    </message>
</context>
<context>
    <name>CheckGridsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="77" />
        <source>Check grid quality</source>
        <translation>网格质量检查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="80" />
        <location filename="../processing/algorithms/check_grids.py" line="110" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="86" />
        <source>grid,网格,质量,检查,quality,check,gap,overlap,topology</source>
        <translation>grid,网格,质量,检查,拓扑,缝隙,重叠,quality,check</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="89" />
        <source>Checks any grid layer — generated or drawn by hand — and writes one feature per problem, with a summary.

Problems found: empty_geometry (a grid with a NULL or empty geometry, named by its feature id), invalid_geometry, multipart (a grid in several pieces), overlap (area shared by two grids), gap (part of an area, or a hole between grids, covered by no grid), crosses_area (part of a grid outside the area it mostly lies in), outside_areas, duplicate_area and overlapping_areas (two features of the areas layer are the same area, or overlap: their grids would overlap), split_building (a building cut by a grid edge), missing_code, malformed_code (not 15 digits), duplicate_code, code_area_mismatch (the code does not start with the 12-digit code of its area), out_of_tolerance (area or households further from the target than the tolerance) and low_compactness (Polsby-Popper below the minimum).

Areas, buildings and households are optional: checks that need them are skipped without them. Households of a building count for the grid holding most of it. Balance is checked by households when a household field is given, else by area, unless chosen otherwise. Each problem carries its key (problem) and its name in the language of the interface (problem_label).</source>
        <translation>检查任意网格图层（自动生成或手工绘制），每个问题输出一个要素，并给出汇总。

检查的问题：empty_geometry（网格几何为空值或为空，按要素 ID 列出）、invalid_geometry（无效几何）、multipart（网格由多块组成）、overlap（两个网格重叠）、gap（区域内或网格之间未被任何网格覆盖的缝隙）、crosses_area（网格有部分位于其主要所在区域之外）、outside_areas（网格不在任何区域内）、duplicate_area 和 overlapping_areas（区域图层中两个要素是同一区域或相互重叠：其网格会重叠）、split_building（建筑被网格边界切割）、missing_code（缺少编码）、malformed_code（编码不是 15 位数字）、duplicate_code（编码重复）、code_area_mismatch（编码不以所在区域的 12 位编码开头）、out_of_tolerance（面积或户数偏离目标超过容差）和 low_compactness（紧凑度 Polsby-Popper 低于最小值）。

区域、建筑和户数均为可选：缺少时跳过需要它们的检查。建筑的户数计入包含其大部分面积的网格。给出户数字段时默认按户数检查均衡，否则按面积，除非另行选择。每个问题带有其键（problem）和界面语言的名称（problem_label）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="116" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="124" />
        <source>Areas (communities)</source>
        <translation>区域（社区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="130" />
        <source>Area code field</source>
        <translation>区域编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="139" />
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="147" />
        <source>Household field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="156" />
        <source>Check balance by</source>
        <translation>均衡检查方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="158" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="159" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="160" />
        <source>Area and households</source>
        <translation>面积和户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="161" />
        <source>Do not check balance</source>
        <translation>不检查均衡</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="162" />
        <source>Households when a household field is given, else area</source>
        <translation>给出户数字段时按户数，否则按面积</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="170" />
        <source>Target grid area (m²)</source>
        <translation>目标网格面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="179" />
        <source>Target households per grid</source>
        <translation>每个网格目标户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="188" />
        <source>Tolerance (%)</source>
        <translation>容差（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="198" />
        <source>Minimum compactness (Polsby-Popper)</source>
        <translation>最小紧凑度（Polsby-Popper）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="207" />
        <location filename="../processing/algorithms/check_grids.py" line="327" />
        <source>Grid problems</source>
        <translation>网格问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="212" />
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="212" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="215" />
        <source>Number of problems</source>
        <translation>问题数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="227" />
        <source>{layer}: there is no field '{field}' for the grid codes.</source>
        <translation>{layer}：没有用作网格编码的字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="240" />
        <source>Checking the household balance needs a buildings layer and its household field.</source>
        <translation>检查户数均衡需要建筑图层及其户数字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="246" />
        <source>Reading grids…</source>
        <translation>正在读取网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="250" />
        <source>{layer}: the layer has no features.</source>
        <translation>{layer}：图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="267" />
        <source>Checking {n} grids…</source>
        <translation>正在检查 {n} 个网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="322" />
        <source>Could not write the problem '{kind}' of grid {code} (feature {fid}) to {output}.</source>
        <translation>无法将网格 {code}（要素 {fid}）的问题“{kind}”写入 {output}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="331" />
        <location filename="../processing/algorithms/check_grids.py" line="351" />
        <source>{n} grids checked, {p} problems found.</source>
        <translation>已检查 {n} 个网格，发现 {p} 个问题。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="350" />
        <source>Grid quality report: {layer}</source>
        <translation>网格质量报告：{layer}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="352" />
        <source>Mean compactness (Polsby-Popper): {pp}</source>
        <translation>平均紧凑度（Polsby-Popper）：{pp}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="353" />
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="353" />
        <source>Key</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="353" />
        <location filename="../processing/algorithms/check_grids.py" line="361" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="362" />
        <source>Grid code</source>
        <translation>网格编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="363" />
        <source>Other codes</source>
        <translation>其他编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="364" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="365" />
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="366" />
        <source>Feature</source>
        <translation>要素</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="367" />
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="368" />
        <source>Y</source>
        <translation>Y</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="393" />
        <source>Every problem, with the coordinates of a point inside it in the layer's CRS ({crs}): type them into QGIS's coordinate box in the status bar, or use the problems layer, to zoom to it.</source>
        <translation>所有问题及其内部一点在图层坐标系（{crs}）中的坐标：在 QGIS 状态栏的坐标框中输入即可定位，或使用问题图层缩放至该处。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="401" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
</context>
<context>
    <name>Codes</name>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="113" />
        <source>Unknown code scheme '{scheme}'.</source>
        <translation>未知的编码方案“{scheme}”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="187" />
        <source>the part code is empty</source>
        <translation>部件编码为空</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="189" />
        <source>the part code '{code}' contains characters other than digits</source>
        <translation>部件编码“{code}”含有非数字字符</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="192" />
        <source>the part code '{code}' has {n} digits; the chosen scheme needs {expected}</source>
        <translation>部件编码“{code}”为 {n} 位；所选编码方案要求 {expected} 位</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="195" />
        <source>the part code '{code}' has {n} digits; expected 12, 16 or 17</source>
        <translation>部件编码“{code}”为 {n} 位；应为 12、16 或 17 位</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="199" />
        <source>the county segment '{county}' of the part code '{code}' is not a division code (GB/T 2260)</source>
        <translation>部件编码“{code}”的区县段“{county}”不是有效的行政区划代码（GB/T 2260）</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="203" />
        <source>the county segment '{county}' of the part code '{code}' does not match the district {expected}</source>
        <translation>部件编码“{code}”的区县段“{county}”与所选区县 {expected} 不符</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="207" />
        <source>the class {major}-{minor} of the part code '{code}' is not in the catalogue</source>
        <translation>部件编码“{code}”的类别 {major}-{minor} 不在分类目录中</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="230" />
        <source>The county code '{county}' is not a 6-digit division code (GB/T 2260).</source>
        <translation>区县代码“{county}”不是 6 位行政区划代码（GB/T 2260）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="249" />
        <source>The serial {serial} of the part code '{code}' does not fit in the 6 digits of GB/T 30428.2.</source>
        <translation>部件编码“{code}”的流水号 {serial} 超出 GB/T 30428.2 的 6 位流水号范围。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/schemes.py" line="254" />
        <source>'{code}' is not a 12-digit survey code.</source>
        <translation>“{code}”不是 12 位普查编码。</translation>
    </message>
</context>
<context>
    <name>ConvertChinaCoordsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="37" />
        <source>Convert Chinese web-map coordinates (GCJ-02 / BD-09)</source>
        <translation>转换国内互联网地图坐标（GCJ-02 / BD-09）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="40" />
        <source>City parts</source>
        <translation>城市部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="46" />
        <source>Converts every vertex of a layer between WGS84, GCJ-02 (Amap, Tencent, Google China) and BD-09 (Baidu).
PROJ knows neither GCJ-02 nor BD-09: the layer's coordinate system only says 'longitude/latitude' (EPSG:4326 or CGCS2000 EPSG:4490), and this algorithm moves the coordinates themselves. The inverse conversions (to WGS84) are iterative and accurate to well under a decimetre; points outside China are left unchanged by GCJ-02, as the web maps do.
The output keeps the input's coordinate system and attributes.</source>
        <translation>在 WGS84、GCJ-02（高德、腾讯、谷歌中国）与 BD-09（百度）之间转换图层的每个节点。
PROJ 不支持 GCJ-02 和 BD-09：图层的坐标系只表明“经纬度”（EPSG:4326 或 CGCS2000 EPSG:4490），本算法直接移动坐标本身。反算（转为 WGS84）采用迭代法，精度远优于 1 分米；与互联网地图一致，中国境外的点在 GCJ-02 下保持不变。
输出保留输入图层的坐标系和属性。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="59" />
        <source>WGS84 (GPS)</source>
        <translation>WGS84（GPS）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="60" />
        <source>GCJ-02 (Chinese web maps)</source>
        <translation>GCJ-02（国内互联网地图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="61" />
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="69" />
        <source>Input layer (longitude/latitude)</source>
        <translation>输入图层（经纬度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="74" />
        <source>Coordinates are in</source>
        <translation>坐标所在坐标系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="76" />
        <source>Convert to</source>
        <translation>转换为</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="77" />
        <source>Converted</source>
        <translation>转换结果</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="82" />
        <source>The input layer cannot be opened.</source>
        <translation>无法打开输入图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="86" />
        <source>The layer {layer} is in {crs}, a projected coordinate system: GCJ-02 and BD-09 are longitude/latitude. Reproject it to EPSG:4326 first.</source>
        <translation>图层 {layer} 使用投影坐标系 {crs}：GCJ-02 和 BD-09 为经纬度坐标。请先将其重投影到 EPSG:4326。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="95" />
        <source>The output cannot be created.</source>
        <translation>无法创建输出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="106" />
        <source>{n} features converted.</source>
        <translation>已转换 {n} 个要素。</translation>
    </message>
</context>
<context>
    <name>Density</name>
    <message>
        <location filename="../grid_manager/cases/density.py" line="148" />
        <source>{layer}: the radius must be a positive distance, not {value}.</source>
        <translation>{layer}：半径必须是正的距离，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="154" />
        <source>{layer}: the pixel size must be positive, not {value}.</source>
        <translation>{layer}：像元大小必须为正数，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="160" />
        <source>{layer}: unknown kernel shape {value}.</source>
        <translation>{layer}：未知的核函数 {value}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="164" />
        <source>{layer}: there are no case points to estimate a density from (empty selection or no case matches the filters).</source>
        <translation>{layer}：没有可用于估计密度的案件点（选择为空，或没有案件符合筛选条件）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="182" />
        <source>{layer}: with a decay ratio of {value} the triangular kernel integrates to zero or less, so it cannot give cases per km²; use a decay ratio above -0.5 or raw output values.</source>
        <translation>{layer}：衰减比为 {value} 时三角核的积分为零或负数，无法得到每平方公里案件数；请使用大于 -0.5 的衰减比或原始输出值。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="197" />
        <source>cases/km²</source>
        <translation>案件/平方公里</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="199" />
        <source>scaled kernel sum</source>
        <translation>缩放核函数之和</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="200" />
        <source>kernel sum</source>
        <translation>核函数之和</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="319" />
        <source>{layer}: the raster would have {cols} x {rows} pixels; choose a larger pixel size or a smaller extent.</source>
        <translation>{layer}：栅格将有 {cols} x {rows} 个像元；请选择更大的像元大小或更小的范围。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="609" />
        <source>cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="609" />
        <source>{layer}: case density</source>
        <translation>{layer}：案件热力图</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="610" />
        <source>a raster of {cols} x {rows} pixels of which {tiles} tiles of {tile} x {tile} pixels hold cases ({points} cases, a kernel of {block} x {block} pixels)</source>
        <translation>{cols} x {rows} 像元的栅格，其中 {tiles} 个 {tile} x {tile} 像元的瓦片含有案件（{points} 个案件，核窗口 {block} x {block} 像元）</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="624" />
        <source>Choose a larger pixel size (memory falls with its square), a smaller extent or fewer cases (filters), or a smaller radius.</source>
        <translation>请选择更大的像元大小（内存随其平方下降）、更小的范围或更少的案件（筛选条件），或更小的半径。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/density.py" line="896" />
        <location filename="../grid_manager/cases/density.py" line="936" />
        <source>Cannot create the raster file {path}.</source>
        <translation>无法创建栅格文件 {path}。</translation>
    </message>
</context>
<context>
    <name>Emerging</name>
    <message>
        <location filename="../grid_manager/cases/emerging.py" line="161" />
        <source>{layer}: emerging hot spots need cases in at least 2 periods.</source>
        <translation>{layer}：时空热点趋势分析需要至少 2 个时段的案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/emerging.py" line="162" />
        <source>cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/emerging.py" line="189" />
        <source>Emerging hot spots need time periods (week, month, quarter or year).</source>
        <translation>时空热点趋势分析需要时段（周、月、季度或年）。</translation>
    </message>
</context>
<context>
    <name>EmergingHotspotsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="81" />
        <location filename="../processing/algorithms/emerging_hotspots.py" line="221" />
        <location filename="../processing/algorithms/emerging_hotspots.py" line="391" />
        <source>Emerging hot spots</source>
        <translation>时空热点趋势</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="84" />
        <location filename="../processing/algorithms/emerging_hotspots.py" line="141" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="90" />
        <source>emerging,hotspot,trend,Mann-Kendall,Gi*,时空热点,趋势,cases,网格</source>
        <translation>emerging,hotspot,trend,Mann-Kendall,Gi*,时空热点,趋势,案件,网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="93" />
        <source>Where case hot spots and cold spots are appearing, growing, fading or coming and going — Esri's Emerging Hot Spot Analysis on the grids.

Cases are counted per grid (by location) and per period (week Monday–Sunday, month, quarter or year, local times in the time zone); every period from the first to the last one with a case (or of the reporting window when set) counts, empty ones included.
Space-time Gi*: the neighbourhood of a grid in a period is the grid and its neighbours (queen contiguity or distance band) in that period and in the previous periods of the neighbourhood time step (never later ones); mean and deviation are those of all grids and periods. Bins are hot or cold spots at 90 % or more (two-sided), with the normal-theory p (PERMUTATIONS = 0, as ArcGIS) or a conditional permutation p, FDR-corrected unless turned off.
Trend: the Mann–Kendall test (tie-corrected variance) of each grid's z-scores over the periods; significant when p ≤ the trend significance level.

Patterns (hot spots; cold spots alike), 90 % meaning 90 % of the periods:
New: hot in the final period and never before.
Consecutive: one uninterrupted run of at least two hot periods ending with the final one, never hot before the run, hot in less than 90 %.
Intensifying: hot in at least 90 %, including the final period, with a significant upward trend of the z-scores (downward for cold spots).
Persistent: hot in at least 90 %, including the final period, without a significant trend.
Diminishing: hot in at least 90 %, including the final period, with a significant downward trend (upward for cold spots).
Sporadic: hot in the final period, on and off before, hot in less than 90 %, never a cold spot.
Oscillating: hot in the final period, a cold spot in some earlier period, hot in less than 90 %.
Historical: not hot in the final period, but hot in at least 90 %.
No pattern: none of these.

Output: the grids with ehs_pattern (1–8 hot, −1 to −8 cold in the order above, 0 no pattern), ehs_label, ehs_trend_z/ehs_trend_p (Mann–Kendall), ehs_hot_share/ehs_cold_share (share of hot and cold periods), ehs_final_z (Gi* z of the final period), ehs_periods and n_cases. Cases sharing a case_code count once; cases without reported_at are reported and left out.</source>
        <translation>找出案件热点与冷点在何处出现、增强、减弱或时有时无——即 Esri“新兴热点分析”在网格上的实现。

案件按网格（按位置）和时段（周一至周日的周、月、季度或年，按所选时区的当地时间）计数；从第一个到最后一个有案件的时段（设置了上报时间范围时为该范围内的时段）都参与计算，没有案件的时段也包括在内。
时空 Gi*：某网格在某时段的邻域是该网格及其相邻网格（后式邻接或距离带）在该时段以及邻域时间步长内之前各时段中的值（从不包括之后的时段）；均值和标准差取所有网格、所有时段。置信度达 90 % 及以上（双侧）的格元为热点或冷点，p 值为正态理论 p（PERMUTATIONS = 0，与 ArcGIS 相同）或条件置换 p，除非关闭，否则做 FDR 校正。
趋势：对每个网格各时段的 z 得分做 Mann–Kendall 检验（方差含结值校正）；p ≤ 趋势显著性水平时趋势显著。

模式（以热点为例，冷点同理），90 % 指 90 % 的时段：
新增：在最后一个时段为热点，此前从未是热点。
连续：以最后一个时段结尾的一段不间断的热点时段，至少两个，此前从未是热点，热点时段少于 90 %。
加强：至少 90 % 的时段为热点（包括最后一个时段），z 得分有显著上升趋势（冷点为下降）。
持续：至少 90 % 的时段为热点（包括最后一个时段），无显著趋势。
减弱：至少 90 % 的时段为热点（包括最后一个时段），z 得分有显著下降趋势（冷点为上升）。
分散：在最后一个时段为热点，此前时有时无，热点时段少于 90 %，从未是冷点。
振荡：在最后一个时段为热点，此前某个时段曾是冷点，热点时段少于 90 %。
历史：最后一个时段不是热点，但至少 90 % 的时段为热点。
无模式：以上均不是。

输出：网格及其 ehs_pattern（按上述顺序，1–8 为热点，−1 至 −8 为冷点，0 为无模式）、ehs_label、ehs_trend_z/ehs_trend_p（Mann–Kendall）、ehs_hot_share/ehs_cold_share（热点、冷点时段所占比例）、ehs_final_z（最后一个时段的 Gi* z 得分）、ehs_periods 和 n_cases。case_code 相同的案件只计一次；没有 reported_at 的案件会报告并排除。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="132" />
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="133" />
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="134" />
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="135" />
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="146" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="151" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="156" />
        <source>Time step</source>
        <translation>时间步长</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="162" />
        <source>Neighbourhood time step (previous periods)</source>
        <translation>邻域时间步长（之前的时段数）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="172" />
        <source>Neighbours</source>
        <translation>邻接关系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="173" />
        <location filename="../processing/algorithms/emerging_hotspots.py" line="178" />
        <source>Distance band</source>
        <translation>距离带</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="173" />
        <source>Queen contiguity</source>
        <translation>后式邻接（共点即相邻）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="183" />
        <source>Permutations (0: normal-theory p)</source>
        <translation>置换次数（0：正态理论 p 值）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="192" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="200" />
        <source>False discovery rate correction</source>
        <translation>错误发现率（FDR）校正</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="204" />
        <source>Trend significance level</source>
        <translation>趋势显著性水平</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="213" />
        <source>Case classes (codes or prefixes, comma-separated)</source>
        <translation>案件类别（代码或前缀，逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="214" />
        <source>Case states</source>
        <translation>案件状态</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="215" />
        <source>Reported from (inclusive)</source>
        <translation>上报时间起（含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="216" />
        <source>Reported before (exclusive)</source>
        <translation>上报时间止（不含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="218" />
        <source>Time zone of the case times</source>
        <translation>案件时间的时区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="246" />
        <source>{layer}: there is no field {field}.</source>
        <translation>{layer}：没有字段 {field}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="250" />
        <source>{layer}: there are no grids (empty layer or selection).</source>
        <translation>{layer}：没有网格（图层或选择为空）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="261" />
        <source>{layer} is in {crs}: distances are computed in {work}.</source>
        <translation>{layer} 的坐标系为 {crs}：距离在 {work} 中计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="266" />
        <source>{layer}: there is no field reported_at: cases cannot be put in periods.</source>
        <translation>{layer}：没有字段 reported_at，无法将案件归入时段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="284" />
        <source>{layer}: feature {fid} has no geometry.</source>
        <translation>{layer}：要素 {fid} 没有几何。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="292" />
        <source>{layer}: {n} cases have no reported_at: they are left out.</source>
        <translation>{layer}：{n} 件案件没有 reported_at，已排除。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="316" />
        <source>{n} cases lie outside every grid: left out.</source>
        <translation>{n} 件案件不在任何网格内，已排除。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="320" />
        <source>{layer}: no case in a grid matches the filters.</source>
        <translation>{layer}：网格内没有符合筛选条件的案件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="323" />
        <source>{cases} cases in {grids} grids over {periods} periods from {first}.</source>
        <translation>自 {first} 起 {periods} 个时段，{grids} 个网格中共 {cases} 件案件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="330" />
        <source>{n} grids have no spatial neighbour: only their own previous periods count.</source>
        <translation>{n} 个网格没有空间相邻网格：只计入其自身之前的时段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/emerging_hotspots.py" line="390" />
        <source>Patterns: {summary}.</source>
        <translation>模式：{summary}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="139" />
        <source>No pattern detected</source>
        <translation>未检测到模式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="140" />
        <source>New hot spot</source>
        <translation>新增热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="141" />
        <source>Consecutive hot spot</source>
        <translation>连续热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="142" />
        <source>Intensifying hot spot</source>
        <translation>加强的热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="143" />
        <source>Persistent hot spot</source>
        <translation>持续热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="144" />
        <source>Diminishing hot spot</source>
        <translation>逐渐减弱的热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="145" />
        <source>Sporadic hot spot</source>
        <translation>分散的热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="146" />
        <source>Oscillating hot spot</source>
        <translation>振荡热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="147" />
        <source>Historical hot spot</source>
        <translation>历史热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="148" />
        <source>New cold spot</source>
        <translation>新增冷点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="149" />
        <source>Consecutive cold spot</source>
        <translation>连续冷点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="150" />
        <source>Intensifying cold spot</source>
        <translation>加强的冷点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="151" />
        <source>Persistent cold spot</source>
        <translation>持续冷点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="152" />
        <source>Diminishing cold spot</source>
        <translation>逐渐减弱的冷点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="153" />
        <source>Sporadic cold spot</source>
        <translation>分散的冷点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="154" />
        <source>Oscillating cold spot</source>
        <translation>振荡冷点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="155" />
        <source>Historical cold spot</source>
        <translation>历史冷点</translation>
    </message>
</context>
<context>
    <name>EvaluateAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="94" />
        <source>Evaluate grids and departments</source>
        <translation>综合评价（网格与部门）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="97" />
        <location filename="../processing/algorithms/evaluate.py" line="175" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="103" />
        <source>evaluation,综合评价,考核,score,立案率,按期处置率,结案率,返工率,department</source>
        <translation>综合评价,考核,评分,evaluation,立案率,按期处置率,结案率,返工率,部门</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="106" />
        <source>Case-handling indicators (综合评价) per grid, community, street or department and period, a composite score and a five-level class, as a styled choropleth and a table.

A case belongs to the period of its reported_at (weeks Monday–Sunday, months, quarters, years in the time zone). Evaluation time (AS_OF, default: the latest time in the data): every count is taken as the records stood at that moment — cases reported later are not counted, steps taken later (registration, dispatch, handling, closing, cancelling) have not happened yet, and overdue is measured to AS_OF. rework_count, extension_count and returned_count have no time and count as exported.
Counts: reported = reported cases except cancelled ones; registered = reported and registered (a case with a later step counts as registered); dispatched = registered and dispatched; returned = dispatched with returned_count &gt; 0; due (应处置) = registered whose deadline had passed, or handled; on time = due and handled no later than the deadline; handled = due and handled; overdue = due and not handled by the deadline; due for closing (应结案) = registered whose deadline had passed, or closed; closed = due for closing and closed; closed on time = closed no later than the deadline; rework = due for closing with rework_count &gt; 0; extended = registered with extension_count &gt; 0.
立案率 = registered / reported. 派遣准确率 = (dispatched − returned) / dispatched (only when the layer has returned_count). 按期处置率 = on time / due. 处置率 = handled / due. 按期结案率 = closed on time / due for closing. 结案率 = closed / due for closing. 返工率 = rework / due for closing. 延期率 = extended / registered. 超期率 = overdue / due. Mean handling hours = mean of handled_at − dispatched_at (calendar hours). A rate with a zero denominator is empty.
Score = weighted mean of the available indicator scores (100 × rate; 100 × (1 − rate) for 返工率, 延期率 and 超期率). Weights (WEIGHTS): 'indicator weight' pairs separated by commas, by field name or Chinese name, e.g. ontime_rate 30, handling_rate 20, closing_rate 20, rework_rate 15, extension_rate 15 (the default). Levels (LEVELS): four decreasing thresholds, default 90,80,70,60: 1 excellent ≥ 90, 2 good ≥ 80, 3 fair ≥ 70, 4 poor ≥ 60, 5 very poor below. Grids of the map without any case are shown as 'no score'.
Time zone: times without a zone are local times in TIME_ZONE (default Asia/Shanghai); times with a zone are converted; AS_OF, the reporting window and the periods are local times there.
Cases sharing a case_code are counted once (the first feature) and reported; cases without reported_at are reported and left out. Without a grid_code field the cases are put in the grid polygon containing them (needs the grid layer).
Community and street codes come from the case fields or the first 12 / 9 digits of the grid code. The map needs the grid layer (communities and streets are dissolved from their grids); departments have no geometry and get the table only. With a period the map holds one feature per unit and period, ready for the temporal controller.
Review report (REPORT, optional): an HTML page in the UI language with the indicators of all units together per period (rates recomputed from the summed counts), the score and level, and the 10 grids and 10 departments with the most cases reported in the window (with their on-time, closing and overdue rates, score and level), and maps drawn with the layers' styles and legends: the grade map of the whole window (needs the grid layer; units without cases are shown as no score), and, when given, the hot and cold spots (HOTSPOTS: a layer written by Grid case statistics, field hotspot_class) and the emerging hot spots (EMERGING: a layer written by Emerging hot spots, field ehs_pattern); of a layer by period, the latest period is drawn. The maps are embedded in the page as PNG images.</source>
        <translation>按网格、社区、街道或部门及时段计算案件处置指标（综合评价）、综合得分和五级等级，输出带样式的分级设色图和表格。

案件按其 reported_at 归入时段（周为周一至周日，月、季度、年均按所选时区计算）。评价时点（AS_OF，默认为数据中最晚的时间）：所有计数都按记录在该时刻的状态统计——之后上报的案件不计入，之后发生的环节（立案、派遣、处置、结案、作废）视为尚未发生，超期按评价时点计算。rework_count、extension_count 和 returned_count 没有时间，按导出时的值计。
计数：上报数 = 除作废外的上报案件；立案数 = 已立案的上报案件（有后续环节的案件视为已立案）；派遣数 = 已派遣的立案案件；退回数 = returned_count &gt; 0 的派遣案件；应处置数 = 已过处置时限或已处置的立案案件；按期处置数 = 在时限内处置的应处置案件；处置数 = 已处置的应处置案件；超期数 = 未在时限内处置的应处置案件；应结案数 = 已过时限或已结案的立案案件；结案数 = 已结案的应结案案件；按期结案数 = 在时限内结案的案件；返工数 = rework_count &gt; 0 的应结案案件；延期数 = extension_count &gt; 0 的立案案件。
立案率 = 立案数 / 上报数。派遣准确率 = (派遣数 − 退回数) / 派遣数（仅当图层有 returned_count 时计算）。按期处置率 = 按期处置数 / 应处置数。处置率 = 处置数 / 应处置数。按期结案率 = 按期结案数 / 应结案数。结案率 = 结案数 / 应结案数。返工率 = 返工数 / 应结案数。延期率 = 延期数 / 立案数。超期率 = 超期数 / 应处置数。平均处置时长 = handled_at − dispatched_at 的平均值（日历小时）。分母为 0 的比率为空。
得分 = 可计算指标得分的加权平均（100 × 比率；返工率、延期率和超期率为 100 × (1 − 比率)）。权重（WEIGHTS）：以逗号分隔的“指标 权重”对，指标可用字段名或中文名，例如 ontime_rate 30, handling_rate 20, closing_rate 20, rework_rate 15, extension_rate 15（默认值）。等级（LEVELS）：四个递减的阈值，默认 90,80,70,60：1 优秀 ≥ 90，2 良好 ≥ 80，3 中等 ≥ 70，4 较差 ≥ 60，5 差 低于最后一个阈值。地图中没有任何案件的网格显示为“无评分”。
时区：不带时区的时间视为 TIME_ZONE（默认 Asia/Shanghai）的本地时间；带时区的时间换算到该时区；评价时点、上报时间窗和时段均为该时区的本地时间。
case_code 相同的案件只计一次（取第一个要素）并报告；没有 reported_at 的案件会报告并排除。案件图层没有 grid_code 字段时，按包含案件的网格面归属（需要网格图层）。
社区和街道代码取自案件字段，或取网格编码的前 12 / 9 位。地图需要网格图层（社区和街道由其网格融合而成）；部门没有几何，只输出表格。选择时段后，地图中每个单元每个时段一个要素，可直接用于时间控制器。
评价报告（REPORT，可选）：以界面语言生成的 HTML 页面，包括各时段所有单元合计的指标（比率由合计的计数重新计算）、得分和等级，以及时间范围内上报案件最多的 10 个网格和 10 个部门（含按期处置率、结案率、超期率、得分和等级），以及按图层样式和图例绘制的地图：整个时间范围的等级分布图（需要网格图层；没有案件的单元显示为无得分），以及给出时的热点与冷点图（HOTSPOTS：网格案件统计输出的图层，字段 hotspot_class）和时空热点图（EMERGING：时空热点分析输出的图层，字段 ehs_pattern）；按时段的图层只绘制最近一个时段。地图以 PNG 图片嵌入页面。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="157" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="158" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="159" />
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="160" />
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="166" />
        <source>Whole time window</source>
        <translation>整个时间窗</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="167" />
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="168" />
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="169" />
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="170" />
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="179" />
        <source>Grids (for the map)</source>
        <translation>网格（用于地图）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="184" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="190" />
        <source>Evaluate</source>
        <translation>评价对象</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="198" />
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="203" />
        <source>Evaluation time (as of)</source>
        <translation>评价时点（截至）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="206" />
        <source>Case classes (codes or prefixes, comma-separated)</source>
        <translation>案件类别（代码或前缀，逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="207" />
        <source>Case states</source>
        <translation>案件状态</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="208" />
        <source>Reported from (inclusive)</source>
        <translation>上报时间起（含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="209" />
        <source>Reported before (exclusive)</source>
        <translation>上报时间止（不含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="211" />
        <source>Time zone of the case times</source>
        <translation>案件时间的时区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="214" />
        <source>Score weights (indicator weight, …)</source>
        <translation>得分权重（指标 权重, …）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="221" />
        <source>Level thresholds (levels 1–4)</source>
        <translation>等级阈值（1–4 级）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="226" />
        <source>Hot spot layer for the report (output of Grid case statistics, optional)</source>
        <translation>报告用的热点图层（网格案件统计的输出，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="227" />
        <source>Emerging hot spot layer for the report (output of Emerging hot spots, optional)</source>
        <translation>报告用的时空热点图层（时空热点分析的输出，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="236" />
        <source>Evaluation map</source>
        <translation>评价地图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="241" />
        <source>Evaluation table</source>
        <translation>评价表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="247" />
        <source>Review report (HTML)</source>
        <translation>评价报告（HTML）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="248" />
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="276" />
        <source>{layer} is in {crs}: distances are computed in {work}.</source>
        <translation>{layer} 的坐标系为 {crs}：距离在 {work} 中计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="317" />
        <source>{layer}: {n} cases have no reported_at: left out of the evaluation.</source>
        <translation>{layer}：{n} 条案件没有 reported_at：不参与评价。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="323" />
        <source>{n} cases were reported after the evaluation time {as_of}: not counted.</source>
        <translation>{n} 条案件在评价时点 {as_of} 之后上报：不计入。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="329" />
        <source>{n} cases have no {field}: left out of the evaluation.</source>
        <translation>{n} 条案件没有 {field}：不参与评价。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="333" />
        <source>{n} units evaluated.</source>
        <translation>已评价 {n} 个单元。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="336" />
        <location filename="../processing/algorithms/evaluate.py" line="420" />
        <source>No score</source>
        <translation>无评分</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="380" />
        <source>{n} evaluated units have no grid polygon and are only in the table.</source>
        <translation>{n} 个被评价单元没有网格面，只出现在表格中。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="384" />
        <source>Evaluation</source>
        <translation>综合评价</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="422" />
        <source>Departments have no geometry: the report has no grade map.</source>
        <translation>部门没有几何：报告中没有等级分布图。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="424" />
        <source>No grid layer given: the report has no grade map.</source>
        <translation>未提供网格图层：报告中没有等级分布图。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="462" />
        <source>Grade map</source>
        <translation>等级分布图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="462" />
        <source>Whole window</source>
        <translation>整个时间范围</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="464" />
        <source>Hot and cold spots (Gi*)</source>
        <translation>热点与冷点（Gi*）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="465" />
        <source>Emerging hot spots</source>
        <translation>时空热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="474" />
        <source>{layer} has no field {field}: its map is left out of the report.</source>
        <translation>{layer} 没有字段 {field}：报告中不含其地图。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="489" />
        <source>{layer}, period starting {start}</source>
        <translation>{layer}，时段起始于 {start}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="494" />
        <source>{layer} has no features: its map is left out of the report.</source>
        <translation>{layer} 没有要素：报告中不含其地图。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="529" />
        <source>{layer}: there is no field {field}.</source>
        <translation>{layer}：没有字段 {field}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="543" />
        <source>Cases: {layer}</source>
        <translation>案件：{layer}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="544" />
        <source>evaluated as of {as_of}</source>
        <translation>评价时间 {as_of}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="547" />
        <source>reported from {start}</source>
        <translation>上报时间自 {start}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="550" />
        <source>reported before {end}</source>
        <translation>上报时间早于 {end}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="553" />
        <source>time zone {zone}</source>
        <translation>时区 {zone}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="556" />
        <source>Case handling review</source>
        <translation>案件处置评价报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="570" />
        <source>The report {path} cannot be written: {error}</source>
        <translation>无法写入报告 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="577" />
        <source>1 {name} (≥ {low})</source>
        <translation>1 {name}（≥ {low}）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="578" />
        <source>2 {name} ({low}–{high})</source>
        <translation>2 {name}（{low}–{high}）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="579" />
        <source>3 {name} ({low}–{high})</source>
        <translation>3 {name}（{low}–{high}）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="580" />
        <source>4 {name} ({low}–{high})</source>
        <translation>4 {name}（{low}–{high}）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="581" />
        <source>5 {name} (&lt; {high})</source>
        <translation>5 {name}（&lt; {high}）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="617" />
        <source>{layer} has no grid_code values: give the grid layer (Grids) so that every case is put in the grid containing it, or evaluate departments.</source>
        <translation>{layer} 没有 grid_code 值：请提供网格图层（网格），以便将每条案件归入包含它的网格，或改为按部门评价。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="624" />
        <location filename="../processing/algorithms/evaluate.py" line="651" />
        <source>The grid layer has no field {field}.</source>
        <translation>网格图层没有字段 {field}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="634" />
        <source>{layer} has no grid_code: {n} of {total} cases put in the grid polygon containing them.</source>
        <translation>{layer} 没有 grid_code：{total} 条案件中有 {n} 条按位置归入包含它们的网格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="643" />
        <source>Departments have no geometry: only the table is written.</source>
        <translation>部门没有几何：只输出表格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="647" />
        <source>No grid layer given: only the table is written.</source>
        <translation>未提供网格图层：只输出表格。</translation>
    </message>
</context>
<context>
    <name>Evaluation</name>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="122" />
        <source>Excellent</source>
        <translation>优秀</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="123" />
        <source>Good</source>
        <translation>良好</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="124" />
        <source>Fair</source>
        <translation>中等</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="125" />
        <source>Poor</source>
        <translation>较差</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="126" />
        <source>Very poor</source>
        <translation>差</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="149" />
        <source>{layer}: feature {fid}, field {field}: {value!r} is not a date and time.</source>
        <translation>{layer}：要素 {fid}，字段 {field}：{value!r} 不是日期时间。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="282" />
        <source>Score weights: {item!r} is not 'indicator weight ≥ 0' (indicators: {names}).</source>
        <translation>得分权重：{item!r} 不是“指标 权重（≥ 0）”的形式（指标：{names}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="288" />
        <source>Score weights: at least one weight must be above 0.</source>
        <translation>得分权重：至少一个权重必须大于 0。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="302" />
        <source>Level thresholds: {text!r} must be four decreasing scores 0–100, e.g. 90,80,70,60.</source>
        <translation>等级阈值：{text!r} 必须是 0–100 之间的四个递减分数，例如 90,80,70,60。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="380" />
        <source>{layer}: there are no cases to evaluate (empty layer or selection).</source>
        <translation>{layer}：没有可评价的案件（图层或选择集为空）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="393" />
        <source>{layer}: no case was reported in the chosen time window.</source>
        <translation>{layer}：所选时间窗内没有上报的案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="404" />
        <source>{layer}: no case had been reported by the evaluation time {as_of}.</source>
        <translation>{layer}：在评价时点 {as_of} 之前没有上报的案件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="419" />
        <source>{layer}: no case has a value in field {field}.</source>
        <translation>{layer}：没有案件在字段 {field} 中有值。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/evaluation.py" line="480" />
        <source>{layer}: the filter needs field {field}, which the layer does not have.</source>
        <translation>{layer}：筛选需要字段 {field}，但图层中没有该字段。</translation>
    </message>
</context>
<context>
    <name>GridCaseStatsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="118" />
        <source>Grid case statistics and hot spots</source>
        <translation>网格案件统计与热点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="121" />
        <location filename="../processing/algorithms/grid_case_stats.py" line="206" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="127" />
        <source>hotspot,热点,Gi*,Getis-Ord,统计,count,rate,cases,网格</source>
        <translation>热点,hotspot,Gi*,Getis-Ord,统计,计数,比率,案件,网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="130" />
        <source>Counts the cases of every grid (网格案件统计), computes rates per 1,000 households and per km², and finds hot and cold spots with the Getis-Ord Gi* statistic.

Cases: point layer with the case fields (cases_analysis). Grids: polygons with a grid code field and optionally households.
Assign cases: by location (the grid polygon containing the case; a case on a shared boundary goes to one grid only) or by the case's grid_code field. Cases in no grid are counted as unassigned and reported.
When the cases come from PostGIS the counting runs in the database (one aggregate query).
Gi* on: the count, the rate per 1,000 households or the rate per km². Neighbours: queen contiguity (grids sharing a boundary point) or a distance band between grid centroids; every grid is its own neighbour (Gi*).
z = (Σ_j w_ij y_j − ȳ k_i) / (s √((n k_i − k_i²)/(n − 1))) with binary weights, k_i the neighbourhood size including the grid.
gi_p: two-sided p-value of a conditional permutation test (as esda's crand: each grid keeps its value, its neighbours are drawn without replacement from the other grids; PERMUTATIONS draws, SEED for reproducible runs). Ties count on both sides, so a neighbourhood that most draws match (e.g. empty grids among mostly empty grids) is not significant. PERMUTATIONS = 0 uses the normal-theory p-value 2 (1 − Φ(|z|)) instead. gi_p_fdr: Benjamini-Hochberg adjusted p-value.
hotspot_class (two-sided, as ArcGIS): +3/+2/+1 hot spot and −3/−2/−1 cold spot at 99/95/90 % when |z| ≥ 2.576/1.96/1.645 and p ≤ 0.01/0.05/0.10 (the FDR-adjusted p when the false discovery rate correction is on; it is off by default); 0 not significant. A grid whose whole neighbourhood has no case is never significant.
Rates are empty (NULL), never infinite, for grids without households or area, and the household rate for grids with fewer households than the minimum (MIN_HOUSEHOLDS).
Rate smoothing (RATE_SMOOTHING): empirical-Bayes smoothing of the rate per 1,000 households (rate_1000hh_eb), global (every rate shrinks towards the overall rate m with weight v / (v + m / b_i), b_i the households, v the between-grid variance Σ b_i (r_i − m)² / Σ b − m / b̄, 0 when negative) or spatial (m and v from the grid's neighbourhood) — as esda's Empirical_Bayes and Spatial_Empirical_Bayes. Small grids with few cases no longer dominate: Gi* on the household rate then runs on the smoothed rate.
Period: with week/month/quarter/year, the time-slices output holds one feature per grid and period with period_start/period_end, ready for the temporal controller.
Filters: case classes (codes or prefixes), states and a reporting time window.
Per class (GROUP_BY_CLASS): one run for every case class (class_code) present among the filtered cases, in one output: every grid appears once per class, with a class_code field; counts, rates and Gi* are those of that class alone (the time slices likewise). Filter the output on class_code (or use the layer's categories) to map one class. PostGIS cases are then read and counted in QGIS.
Time zone: times without a zone (e.g. 2025-01-31 20:00) are local times in this zone (an IANA name, default Asia/Shanghai); times with a zone or offset are converted to it. Periods (weeks Monday–Sunday, months, quarters, years), the time window and period_start/period_end are local times there, whether the cases come from a file, a selection or PostGIS.
Cases sharing a case_code are counted once (the first feature) and reported; cases without reported_at are reported and left out of the time window and the time slices.</source>
        <translation>统计每个网格的案件数（网格案件统计），计算每千户和每平方公里案件率，并用 Getis-Ord Gi* 统计量识别热点和冷点。

案件：带案件字段的点图层（cases_analysis）。网格：带网格编码字段的面图层，可带户数。
案件归属：按位置（包含案件的网格面；位于公共边界上的案件只计入一个网格）或按案件的 grid_code 字段。不在任何网格内的案件计为未归属并报告。
案件来自 PostGIS 时，计数在数据库中完成（一条聚合查询）。
Gi* 计算对象：案件数、每千户案件率或每平方公里案件率。邻接：后式邻接（共享边界点的网格）或网格质心间的距离带；每个网格都是自己的邻居（Gi*）。
z = (Σ_j w_ij y_j − ȳ k_i) / (s √((n k_i − k_i²)/(n − 1))，权重为二值，k_i 为包含自身在内的邻域大小。
gi_p：条件置换检验的双侧 p 值（与 esda 的 crand 相同：每个网格保留自身的值，其邻居从其他网格中无放回抽取；置换次数为 PERMUTATIONS，SEED 保证结果可重现）。相等值计入两侧，因此大多数抽样都能达到的邻域（例如大部分网格为空时的空网格）不显著。PERMUTATIONS = 0 时改用正态理论 p 值 2 (1 − Φ(|z|))。gi_p_fdr：Benjamini-Hochberg 校正后的 p 值。
hotspot_class（双侧，与 ArcGIS 相同）：当 |z| ≥ 2.576/1.96/1.645 且 p ≤ 0.01/0.05/0.10 时，+3/+2/+1 为 99/95/90 % 置信度的热点，−3/−2/−1 为冷点（开启错误发现率校正时使用校正后的 p；默认关闭）；0 为不显著。整个邻域都没有案件的网格永远不显著。
没有户数或面积的网格，其比率为空（NULL），绝不会是无穷大；户数少于最小户数（MIN_HOUSEHOLDS）的网格，其每千户案件率也为空。
比率平滑（RATE_SMOOTHING）：对每千户案件率做经验贝叶斯平滑（rate_1000hh_eb），全局平滑（每个比率以权重 v / (v + m / b_i) 向总体比率 m 收缩，b_i 为户数，v 为网格间方差 Σ b_i (r_i − m)² / Σ b − m / b̄，为负时取 0）或空间平滑（m 和 v 取自网格的邻域）——与 esda 的 Empirical_Bayes 和 Spatial_Empirical_Bayes 相同。案件很少的小网格不再主导结果：此时按每千户案件率计算的 Gi* 使用平滑后的比率。
时间切片：选择周/月/季度/年后，时间切片输出为每个网格每个时段一个要素，带 period_start/period_end 字段，可直接用于时间控制器。
筛选：案件类别（代码或前缀）、状态和上报时间窗。
按类别（GROUP_BY_CLASS）：对筛选后出现的每个案件类别（class_code）各运行一次，结果在同一个输出中：每个网格每个类别出现一次，带 class_code 字段；计数、比率和 Gi* 只针对该类别（时间切片同样如此）。按 class_code 筛选输出（或使用图层的分类）即可制图单个类别。此时 PostGIS 中的案件在 QGIS 中读取和计数。
时区：不带时区的时间（如 2025-01-31 20:00）视为该时区（IANA 名称，默认 Asia/Shanghai）的本地时间；带时区或偏移量的时间换算到该时区。时段（周一至周日的周、月、季度、年）、时间窗以及 period_start/period_end 均为该时区的本地时间，无论案件来自文件、选中要素还是 PostGIS。
case_code 相同的案件只计一次（取第一个要素）并报告；没有 reported_at 的案件会报告，并排除在时间窗和时间切片之外。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="180" />
        <source>Case count</source>
        <translation>案件数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="181" />
        <source>Cases per 1,000 households</source>
        <translation>每千户案件数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="182" />
        <source>Cases per km²</source>
        <translation>每平方公里案件数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="188" />
        <location filename="../processing/algorithms/grid_case_stats.py" line="196" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="189" />
        <source>Empirical Bayes (global)</source>
        <translation>经验贝叶斯（全局）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="190" />
        <source>Empirical Bayes (spatial)</source>
        <translation>经验贝叶斯（空间）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="197" />
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="198" />
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="199" />
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="200" />
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="211" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="216" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="222" />
        <source>Household field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="232" />
        <source>Assign cases</source>
        <translation>案件归属</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="233" />
        <source>By location (grid polygon)</source>
        <translation>按位置（网格面）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="233" />
        <source>By the case's grid_code field</source>
        <translation>按案件的 grid_code 字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="240" />
        <source>Gi* on</source>
        <translation>Gi* 计算对象</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="248" />
        <source>Rate smoothing (per 1,000 households)</source>
        <translation>比率平滑（每千户）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="256" />
        <source>Minimum households for a rate</source>
        <translation>计算比率的最小户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="265" />
        <source>Neighbours</source>
        <translation>邻接关系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="266" />
        <location filename="../processing/algorithms/grid_case_stats.py" line="271" />
        <source>Distance band</source>
        <translation>距离带</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="266" />
        <source>Queen contiguity</source>
        <translation>后式邻接（共点即相邻）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="276" />
        <source>Permutations</source>
        <translation>置换次数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="285" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="292" />
        <source>False discovery rate correction</source>
        <translation>错误发现率（FDR）校正</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="298" />
        <location filename="../processing/algorithms/grid_case_stats.py" line="322" />
        <source>Time slices</source>
        <translation>时间切片</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="305" />
        <source>Case classes (codes or prefixes, comma-separated)</source>
        <translation>案件类别（代码或前缀，逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="306" />
        <source>Case states</source>
        <translation>案件状态</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="307" />
        <source>Reported from (inclusive)</source>
        <translation>上报时间起（含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="308" />
        <source>Reported before (exclusive)</source>
        <translation>上报时间止（不含）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="310" />
        <source>Time zone of the case times</source>
        <translation>案件时间的时区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="312" />
        <source>One set of results per case class</source>
        <translation>每个案件类别一组结果</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="316" />
        <location filename="../processing/algorithms/grid_case_stats.py" line="623" />
        <source>Grid case statistics</source>
        <translation>网格案件统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="359" />
        <source>{layer}: there is no field {field}.</source>
        <translation>{layer}：没有字段 {field}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="363" />
        <source>Rates per 1,000 households (Gi*, smoothing, minimum households) need the household field.</source>
        <translation>每千户案件率（Gi*、平滑、最小户数）需要户数字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="366" />
        <source>Assigning cases by grid code needs the grid code field.</source>
        <translation>按网格编码归属案件需要网格编码字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="369" />
        <source>{layer}: there are no grids (empty layer or selection).</source>
        <translation>{layer}：没有网格（图层或选择集为空）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="385" />
        <source>Reading grids…</source>
        <translation>正在读取网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="401" />
        <source>{layer} is in {crs}: distances are computed in {work}.</source>
        <translation>{layer} 的坐标系为 {crs}：距离在 {work} 中计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="427" />
        <source>{n} grids have no households: their rate per 1,000 households is left empty.</source>
        <translation>{n} 个网格没有户数：其每千户案件率留空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="435" />
        <source>{layer}: feature {fid} has no geometry.</source>
        <translation>{layer}：要素 {fid} 没有几何。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="465" />
        <source>{layer}: no case matches the filters (empty selection or time window without cases).</source>
        <translation>{layer}：没有符合筛选条件的案件（选择集为空或时间窗内没有案件）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="470" />
        <source>{total} cases counted, {inside} in grids.</source>
        <translation>共统计 {total} 条案件，其中 {inside} 条在网格内。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="474" />
        <source>{n} cases lie outside every grid: counted as unassigned.</source>
        <translation>{n} 条案件不在任何网格内：计为未归属。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="480" />
        <source>{n} grids have no neighbour: they get no Gi* value.</source>
        <translation>{n} 个网格没有邻居：不计算 Gi* 值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="486" />
        <source>{n} case classes: {codes}.</source>
        <translation>{n} 个案件类别：{codes}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="512" />
        <source>Time slices need a period (week, month, quarter or year).</source>
        <translation>时间切片需要选择时段（周、月、季度或年）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="550" />
        <source>Class {code}: {hot} hot-spot grids and {cold} cold-spot grids.</source>
        <translation>类别 {code}：{hot} 个热点网格，{cold} 个冷点网格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="612" />
        <source>{hot} hot-spot grids and {cold} cold-spot grids.</source>
        <translation>热点网格 {hot} 个，冷点网格 {cold} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="629" />
        <source>Grid case statistics by period</source>
        <translation>分时段网格案件统计</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="694" />
        <location filename="../processing/algorithms/grid_case_stats.py" line="852" />
        <source>{layer}: {n} cases have no reported_at: they are left out of the time window and the time slices.</source>
        <translation>{layer}：{n} 条案件没有 reported_at：不参与时间窗和时间切片。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="720" />
        <source>{layer}: there is no field grid_code.</source>
        <translation>{layer}：没有字段 grid_code。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="739" />
        <source>{layer}: there is no field class_code: results per class need it.</source>
        <translation>{layer}：没有字段 class_code，按类别统计需要该字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="748" />
        <source>{layer}: {n} cases have no class_code: their results have an empty class_code.</source>
        <translation>{layer}：{n} 件案件没有 class_code，其结果的 class_code 为空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="817" />
        <source>Counting the cases in the database…</source>
        <translation>正在数据库中统计案件…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="822" />
        <location filename="../processing/algorithms/grid_case_stats.py" line="839" />
        <source>{layer}: the database could not count the cases: {error}</source>
        <translation>{layer}：数据库统计案件失败：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="846" />
        <source>{layer}: {n} cases repeat a case_code already read (e.g. {codes}): each code is counted once.</source>
        <translation>{layer}：{n} 条案件的 case_code 与已读取的案件重复（例如 {codes}）：每个编码只计一次。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="124" />
        <source>Hot spot 99 %</source>
        <translation>热点 99 %</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="125" />
        <source>Hot spot 95 %</source>
        <translation>热点 95 %</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="126" />
        <source>Hot spot 90 %</source>
        <translation>热点 90 %</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="127" />
        <source>Not significant</source>
        <translation>不显著</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="128" />
        <source>Cold spot 90 %</source>
        <translation>冷点 90 %</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="129" />
        <source>Cold spot 95 %</source>
        <translation>冷点 95 %</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/styles.py" line="130" />
        <source>Cold spot 99 %</source>
        <translation>冷点 99 %</translation>
    </message>
</context>
<context>
    <name>GridCodeRegistry</name>
    <message>
        <location filename="../grid_manager/store/grid_codes.py" line="71" />
        <source>{path}: cannot open the grid code registry: {error}</source>
        <translation>{path}：无法打开网格编码登记表：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/grid_codes.py" line="119" />
        <source>Community {community} has used all {n} grid serials; no new grid code can be issued.</source>
        <translation>社区 {community} 已用完全部 {n} 个网格序号，无法再分配新的网格编码。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/grid_codes.py" line="164" />
        <source>Saving despite the checks needs a reason.</source>
        <translation>不顾检查强制保存需要填写原因。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/grid_codes.py" line="191" />
        <source>Table name '{name}' cannot carry the save checks.</source>
        <translation>表名“{name}”无法设置保存检查。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/grid_codes.py" line="210" />
        <source>{path}: the save checks cannot be set on table '{name}': {error}</source>
        <translation>{path}：无法在表“{name}”上设置保存检查：{error}</translation>
    </message>
</context>
<context>
    <name>GridDock</name>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="306" />
        <location filename="../grid_manager/gui/grid_dock.py" line="1213" />
        <location filename="../grid_manager/gui/grid_dock.py" line="1225" />
        <source>Grid editing</source>
        <translation>网格编辑</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="342" />
        <source>Invalid geometry</source>
        <translation>无效几何</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="343" />
        <source>Several parts</source>
        <translation>多块组成</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="344" />
        <source>Crosses its community</source>
        <translation>跨越所属社区</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="345" />
        <source>Outside every community</source>
        <translation>不在任何社区内</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="346" />
        <source>Cuts a building</source>
        <translation>切割建筑</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="347" />
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="348" />
        <source>Gap</source>
        <translation>缝隙</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="349" />
        <source>Out of tolerance</source>
        <translation>超出容差</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="353" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="353" />
        <source>Area and households</source>
        <translation>面积和户数</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="353" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="396" />
        <source>Grid layer</source>
        <translation>网格图层</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="397" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="398" />
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="399" />
        <source>Household field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="400" />
        <source>Communities</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="401" />
        <source>Community code field</source>
        <translation>社区编码字段</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="402" />
        <source>Balance by</source>
        <translation>均衡依据</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="403" />
        <source>Target area (m²)</source>
        <translation>目标面积（m²）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="404" />
        <source>Target households</source>
        <translation>目标户数</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="405" />
        <source>Tolerance</source>
        <translation>容差</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="412" />
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="416" />
        <source>Split grid</source>
        <translation>拆分网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="417" />
        <source>Split the selected grid into balanced parts (one undoable edit)</source>
        <translation>将所选网格拆分为均衡的几部分（一次可撤销的编辑）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="422" />
        <source>Number of parts</source>
        <translation>拆分块数</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="423" />
        <source>Move building</source>
        <translation>移动建筑</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="426" />
        <source>Click a building on the map: the boundary is redrawn so that it joins the neighbouring grid</source>
        <translation>在地图上点击建筑：重新绘制边界，使其并入相邻网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="432" />
        <source>Merge grids</source>
        <translation>合并网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="434" />
        <source>Merge the selected adjacent grids of one community; the lower code survives</source>
        <translation>合并同一社区内所选的相邻网格；保留较小的编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="437" />
        <source>Rebalance</source>
        <translation>重新平衡</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="439" />
        <source>Partition the selected grids again, keeping every other grid locked (one undoable edit)</source>
        <translation>对所选网格重新划分，其余网格保持锁定（一次可撤销的编辑）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="442" />
        <source>with neighbours</source>
        <translation>含相邻网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="444" />
        <source>Also rebalance the grids of the same community that share an edge with the selected ones</source>
        <translation>同时重新平衡与所选网格共边的同一社区网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="446" />
        <source>Save edits</source>
        <translation>保存编辑</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="448" />
        <source>Save anyway…</source>
        <translation>强制保存…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="449" />
        <source>Save despite the blocking problems; the reason is recorded</source>
        <translation>不顾阻止保存的问题强制保存；原因将被记录</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="452" />
        <source>Load grids from store</source>
        <translation>从库加载网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="454" />
        <source>Open the shared store's current grids as a working copy, each with its version</source>
        <translation>将共享库的当前网格打开为工作副本，每个网格附带其版本号</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="457" />
        <source>Save to store…</source>
        <translation>保存到库…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="459" />
        <source>Save the changed, added and removed grids of the working copy as new versions, with a reason</source>
        <translation>将工作副本中修改、新增和删除的网格保存为新版本，并填写原因</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="462" />
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="463" />
        <source>Draw the earlier versions of the selected grid of the working copy</source>
        <translation>在地图上绘制工作副本中所选网格的历史版本</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="502" />
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="502" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="502" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="576" />
        <source>Pick a grid layer first.</source>
        <translation>请先选择网格图层。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="580" />
        <source>{layer}: pick the field holding the grid codes.</source>
        <translation>{layer}：请选择存放网格编码的字段。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="588" />
        <source>Balancing by households needs a buildings layer and its household field.</source>
        <translation>按户数均衡需要建筑图层及其户数字段。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="804" />
        <source>{n} grids, {within} within ±{tol} % of the target; {w} warnings.</source>
        <translation>{n} 个网格，其中 {within} 个在目标 ±{tol} % 以内；{w} 条警告。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="808" />
        <source>The first {n} are highlighted on the map.</source>
        <translation>地图上高亮显示前 {n} 条。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="813" />
        <source>{area} m²</source>
        <translation>{area} m²</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="815" />
        <source>{n} parts</source>
        <translation>{n} 块</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="817" />
        <source>building cut by {n} grids</source>
        <translation>建筑被 {n} 个网格切割</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="825" />
        <source>No geometry</source>
        <translation>没有几何图形</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="826" />
        <source>The boundary crosses itself</source>
        <translation>边界自相交</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="827" />
        <source>A ring touches itself</source>
        <translation>环自相接触</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="828" />
        <source>Too few vertices</source>
        <translation>顶点太少</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="829" />
        <source>A hole lies outside the grid</source>
        <translation>洞位于网格之外</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="830" />
        <source>Nested holes</source>
        <translation>洞相互嵌套</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="831" />
        <source>The inside falls apart</source>
        <translation>内部不连通</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="832" />
        <source>Nested outlines</source>
        <translation>外环相互嵌套</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="833" />
        <source>Duplicate rings</source>
        <translation>重复的环</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="834" />
        <source>Invalid coordinate</source>
        <translation>坐标无效</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="902" />
        <location filename="../grid_manager/gui/grid_dock.py" line="1176" />
        <source>Split, merge and rebalance need a GeoPackage grid layer (its code registry).</source>
        <translation>拆分、合并和重新平衡需要 GeoPackage 网格图层（其编码登记表）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="918" />
        <source>{layer} cannot be edited.</source>
        <translation>{layer} 无法编辑。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="930" />
        <source>Select exactly one grid to split.</source>
        <translation>请只选择一个要拆分的网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="951" />
        <source>Split grid {code}</source>
        <translation>拆分网格 {code}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="963" />
        <source>{layer}: the split could not be applied.</source>
        <translation>{layer}：无法执行拆分。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="968" />
        <source>Grid {code} split into {k}: new codes {new}.</source>
        <translation>网格 {code} 已拆分为 {k} 个：新编码 {new}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="980" />
        <source>Select two or more adjacent grids to merge.</source>
        <translation>请选择两个或更多相邻网格进行合并。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="985" />
        <source>The selected grids lie in different communities ({codes}); grids never cross a community.</source>
        <translation>所选网格位于不同社区（{codes}）；网格不能跨越社区。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="999" />
        <source>Merge grids into {code}</source>
        <translation>合并网格为 {code}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1005" />
        <source>{layer}: the merge could not be applied.</source>
        <translation>{layer}：无法执行合并。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1011" />
        <source>{n} grids merged into {code}.</source>
        <translation>{n} 个网格已合并为 {code}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1040" />
        <source>Select the grids to rebalance.</source>
        <translation>请选择要重新平衡的网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1050" />
        <source>{layer}: feature {fid} has no grid code; give it one before rebalancing.</source>
        <translation>{layer}：要素 {fid} 没有网格编码；请先为其编码再重新平衡。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1076" />
        <source>Rebalance {n} grids</source>
        <translation>重新平衡 {n} 个网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1097" />
        <source>{layer}: the rebalance could not be applied.</source>
        <translation>{layer}：无法应用重新平衡。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1103" />
        <source>{n} grids rebalanced into {m}; new codes: {new}.</source>
        <translation>{n} 个网格已重新平衡为 {m} 个；新编码：{new}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1114" />
        <source>Click a building next to the grid it should join.</source>
        <translation>请点击要并入相邻网格的建筑。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1122" />
        <location filename="../grid_manager/gui/grid_dock.py" line="1172" />
        <source>Press Start first.</source>
        <translation>请先点击“开始”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1126" />
        <source>Moving a building needs the buildings layer.</source>
        <translation>移动建筑需要建筑图层。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1135" />
        <source>No building here: click on a building.</source>
        <translation>此处没有建筑：请点击建筑。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1140" />
        <source>This building lies in no grid.</source>
        <translation>此建筑不在任何网格内。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1154" />
        <source>Move building to grid {code}</source>
        <translation>将建筑移入网格 {code}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1160" />
        <source>{layer}: the move could not be applied.</source>
        <translation>{layer}：无法执行移动。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1166" />
        <source>Building moved from grid {old} to grid {new}.</source>
        <translation>建筑已从网格 {old} 移入网格 {new}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1207" />
        <source>{layer}: saved with {n} problems in the edited grids: {list}. Only GeoPackage grid layers refuse such a save.</source>
        <translation>{layer}：已保存，但已编辑的网格存在 {n} 个问题：{list}。只有 GeoPackage 网格图层会拒绝这样的保存。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1215" />
        <source>{layer}: saving refused — {n} problems in the edited grids: {list}. Fix them, or use “Save anyway…” with a reason.</source>
        <translation>{layer}：拒绝保存——已编辑的网格存在 {n} 个问题：{list}。请修正，或填写原因后使用“强制保存…”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1243" />
        <source>{layer}: the edits could not be saved: {errors}</source>
        <translation>{layer}：编辑无法保存：{errors}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1262" />
        <source>Save anyway</source>
        <translation>强制保存</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1262" />
        <source>Why must these grids be saved with their problems?</source>
        <translation>为什么必须在存在这些问题的情况下保存这些网格？</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1302" />
        <source>Connect to a case store first (dock Case handling).</source>
        <translation>请先连接案件库（案件处理面板）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1314" />
        <source>Store grids</source>
        <translation>库中网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1328" />
        <source>{count} grids loaded from the store.</source>
        <translation>已从库加载 {count} 个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1360" />
        <source>{layer}, feature {fid}: the grid has no code (field code).</source>
        <translation>{layer}，要素 {fid}：网格没有编码（字段 code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1366" />
        <source>{layer}, feature {fid}: the grid code {code} is used twice (field code).</source>
        <translation>{layer}，要素 {fid}：网格编码 {code} 重复使用（字段 code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1374" />
        <source>{layer}, feature {fid}: grid {code} has no geometry.</source>
        <translation>{layer}，要素 {fid}：网格 {code} 没有几何图形。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1398" />
        <location filename="../grid_manager/gui/grid_dock.py" line="1452" />
        <source>Load the grids from the store first.</source>
        <translation>请先从库加载网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1407" />
        <source>{layer}: no grid was changed.</source>
        <translation>{layer}：没有网格被修改。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1417" />
        <source>{layer}: saving to the store refused — {n} problems in the edited grids: {list}.</source>
        <translation>{layer}：拒绝保存到库——编辑的网格中有 {n} 个问题：{list}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1428" />
        <source>Save to store</source>
        <translation>保存到库</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1429" />
        <source>Why were these {count} grids changed?</source>
        <translation>为什么修改这 {count} 个网格？</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1437" />
        <source>{layer}: the store refused the edits, which are kept: {error}</source>
        <translation>{layer}：库拒绝了这些编辑，编辑内容已保留：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1444" />
        <source>{count} grids saved to the store.</source>
        <translation>已将 {count} 个网格保存到库。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1459" />
        <source>{layer}: select one grid to see its history.</source>
        <translation>{layer}：请选择一个网格以查看其历史。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1470" />
        <source>Grid {code} has no earlier version.</source>
        <translation>网格 {code} 没有历史版本。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1482" />
        <source>loaded</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1483" />
        <source>edited</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1484" />
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1485" />
        <source>published</source>
        <translation>发布</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1486" />
        <source>retired</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1489" />
        <source>v{version} by {actor} at {at}: {change} {reason}</source>
        <translation>第 {version} 版，{actor}，{at}：{change} {reason}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="1499" />
        <source>Grid {code}: {n} earlier versions drawn.</source>
        <translation>网格 {code}：已绘制 {n} 个历史版本。</translation>
    </message>
</context>
<context>
    <name>GridManagerPlugin</name>
    <message>
        <location filename="../plugin.py" line="51" />
        <source>&amp;Grid Manager</source>
        <translation>网格管理(&amp;G)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="73" />
        <location filename="../plugin.py" line="102" />
        <source>Case handling</source>
        <translation>案件处理</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="74" />
        <location filename="../plugin.py" line="122" />
        <source>Grid editing</source>
        <translation>网格编辑</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="146" />
        <source>{n} of {total} algorithms cannot load because QGIS's Python lacks: {names}. Unavailable: {algorithms}.</source>
        <translation>QGIS 的 Python 缺少 {names}，{total} 个算法中有 {n} 个无法加载。不可用：{algorithms}。</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="150" />
        <source>QGIS's Python lacks {names}: the shared PostGIS case store cannot be opened (the GeoPackage store and every algorithm work).</source>
        <translation>QGIS 的 Python 缺少 {names}：无法打开共享的 PostGIS 案件库（GeoPackage 案件库和所有算法仍可使用）。</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="155" />
        <source>QGIS's Python lacks: {names}.</source>
        <translation>QGIS 的 Python 缺少：{names}。</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="157" />
        <source>These panels cannot open: {panels}.</source>
        <translation>以下面板无法打开：{panels}。</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="160" />
        <source>Grid Manager</source>
        <translation>网格管理</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="161" />
        <source>Install command…</source>
        <translation>安装命令…</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="171" />
        <source>Install the missing Python packages</source>
        <translation>安装缺少的 Python 包</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="173" />
        <source>Close QGIS, run this command in a terminal (on Windows: the OSGeo4W Shell), then start QGIS again:</source>
        <translation>关闭 QGIS，在终端（Windows 上为 OSGeo4W Shell）中运行以下命令，然后重新启动 QGIS：</translation>
    </message>
</context>
<context>
    <name>GridManagerProvider</name>
    <message>
        <location filename="../processing/provider.py" line="19" />
        <source>Grid Manager</source>
        <translation>网格管理</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="22" />
        <source>Grid Manager — grid-based urban and community management</source>
        <translation>网格管理 — 网格化城市管理与社区治理</translation>
    </message>
</context>
<context>
    <name>GridTableModel</name>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="216" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="217" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="218" />
        <source>Area (m²)</source>
        <translation>面积（m²）</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="219" />
        <source>Deviation %</source>
        <translation>偏差 %</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="220" />
        <source>Buildings</source>
        <translation>建筑数</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="221" />
        <source>Compactness</source>
        <translation>紧凑度</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/grid_dock.py" line="222" />
        <source>Flags</source>
        <translation>标记</translation>
    </message>
</context>
<context>
    <name>Hotspots</name>
    <message>
        <location filename="../grid_manager/cases/hotspots.py" line="302" />
        <source>grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/hotspots.py" line="302" />
        <source>{layer}: hot spots</source>
        <translation>{layer}：热点分析</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/hotspots.py" line="303" />
        <source>{perms} permutations for {n} grids with up to {k} neighbours each</source>
        <translation>对 {n} 个网格（每个最多 {k} 个邻居）进行 {perms} 次置换</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/hotspots.py" line="308" />
        <source>Use fewer permutations (999 is usual) or a smaller neighbourhood distance.</source>
        <translation>请减少置换次数（通常为 999）或缩小邻域距离。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/hotspots.py" line="442" />
        <source>{layer}: feature {fid} has no grid code (field grid_code).</source>
        <translation>{layer}：要素 {fid} 没有网格编码（字段 grid_code）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/hotspots.py" line="448" />
        <source>{layer}: grid code {code} appears twice (features {a} and {b}, field grid_code).</source>
        <translation>{layer}：网格编码 {code} 出现了两次（要素 {a} 和 {b}，字段 grid_code）。</translation>
    </message>
</context>
<context>
    <name>ImportPartsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="63" />
        <source>Import part survey</source>
        <translation>导入部件普查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="66" />
        <source>City parts</source>
        <translation>城市部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="72" />
        <source>Imports a city-part survey (城市部件普查) and places every part in its grid.
Input: a file (CSV in UTF-8, UTF-8 with BOM or GBK/GB18030 — detected —, XLSX, Shapefile with or without .cpg, GeoPackage, GeoJSON) or a loaded layer. Coordinates come from the point geometry or from X/Y fields (guessed from headers such as 经度/纬度, X/Y, lon/lat when left empty).
Coordinates: as the layer's CRS, WGS84, GCJ-02 (Chinese web maps) or BD-09 (Baidu), converted with an iterative inverse (sub-decimetre), or any CRS QGIS knows (CGCS2000 and its Gauss-Krüger zones); rows given latitude first are detected.
Codes: 12-digit survey codes (2 major + 2 minor + 8 serial), 16-digit GB/T 30428.2 and 17-digit GB/T 47678.5 codes, detected by length; every segment is checked against the class catalogue (extend it with a local CSV) and the county code when given. With a county code, 12-digit codes also get their 16-digit form in code_16.
Outputs: the accepted parts in the grids' CRS (code, classes and names, grid, community and street codes, source row) and a table of rejected rows (row, reason code, reason and the original values). Reasons: empty row, empty/non-digit/wrong-length code, invalid or mismatching county, unknown class, missing/unparseable/out-of-range coordinates, duplicate code (same or other location), outside every grid. Accepted + rejected = input rows, always.</source>
        <translation>导入城市部件普查数据，并将每个部件归入所在网格。
输入：文件（CSV：UTF-8、带 BOM 的 UTF-8 或 GBK/GB18030，自动识别；XLSX；带或不带 .cpg 的 Shapefile；GeoPackage；GeoJSON）或已加载的图层。坐标取自点几何或 X/Y 字段（留空时根据“经度/纬度”、X/Y、lon/lat 等表头自动识别）。
坐标：按图层坐标系、WGS84、GCJ-02（国内互联网地图）或 BD-09（百度），采用迭代反算（优于 1 分米），或 QGIS 支持的任意坐标系（CGCS2000 及其高斯-克吕格分带）；自动识别纬度在前的行。
编码：12 位普查编码（2 位大类 + 2 位小类 + 8 位流水号）、16 位 GB/T 30428.2 编码和 17 位 GB/T 47678.5 编码，按长度识别；每一段均对照分类目录（可用本地 CSV 扩展）检查，给定区县代码时同时检查区县段。给定区县代码时，12 位编码还会在 code_16 中给出对应的 16 位编码。
输出：网格坐标系下的已接收部件（编码、类别及名称、网格、社区和街道代码、来源行）以及被拒绝行的表（行号、原因代码、原因和原始值）。拒绝原因：空行；编码为空、含非数字或位数错误；区县无效或不符；类别未知；坐标缺失、无法解析或超出范围；编码重复（同一位置或不同位置）；不在任何网格内。始终满足：接收数 + 拒绝数 = 输入行数。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="95" />
        <source>Detect by length (12, 16 or 17 digits)</source>
        <translation>按长度识别（12、16 或 17 位）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="96" />
        <source>12-digit survey code (2 major + 2 minor + 8 serial)</source>
        <translation>12 位普查编码（2 位大类 + 2 位小类 + 8 位流水号）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="97" />
        <source>16-digit GB/T 30428.2 (6 county + 2 major + 2 minor + 6 serial)</source>
        <translation>16 位 GB/T 30428.2（6 位区县 + 2 位大类 + 2 位小类 + 6 位流水号）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="98" />
        <source>17-digit GB/T 47678.5 (6 county + 2 major + 3 minor + 6 serial)</source>
        <translation>17 位 GB/T 47678.5（6 位区县 + 2 位大类 + 3 位小类 + 6 位流水号）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="104" />
        <source>Part survey (file or layer)</source>
        <translation>部件普查（文件或图层）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="111" />
        <source>X / longitude field (empty: the geometry, or guessed)</source>
        <translation>X / 经度字段（留空：使用几何或自动识别）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="121" />
        <source>Y / latitude field (empty: the geometry, or guessed)</source>
        <translation>Y / 纬度字段（留空：使用几何或自动识别）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="131" />
        <source>Part code field (empty: guessed)</source>
        <translation>部件编码字段（留空：自动识别）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="140" />
        <source>Code scheme</source>
        <translation>编码方案</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="148" />
        <source>Coordinates are in</source>
        <translation>坐标所在坐标系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="150" />
        <source>The layer's coordinate system</source>
        <translation>图层的坐标系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="151" />
        <source>WGS84 (GPS)</source>
        <translation>WGS84（GPS）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="152" />
        <source>GCJ-02 (Chinese web maps: Amap, Tencent, Google China)</source>
        <translation>GCJ-02（国内互联网地图：高德、腾讯、谷歌中国）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="153" />
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="154" />
        <source>The coordinate system below</source>
        <translation>下面指定的坐标系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="161" />
        <source>Source coordinate system (when 'the coordinate system below')</source>
        <translation>源坐标系（选择“下面指定的坐标系”时）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="166" />
        <source>Grids (with a grid_code field)</source>
        <translation>网格（含 grid_code 字段）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="170" />
        <source>County code (6 digits, optional)</source>
        <translation>区县代码（6 位，可选）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="174" />
        <source>Local class catalogue (CSV, extends the built-in one)</source>
        <translation>本地分类目录（CSV，扩展内置目录）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="181" />
        <location filename="../processing/algorithms/import_parts.py" line="306" />
        <source>Imported parts</source>
        <translation>已导入部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="186" />
        <location filename="../processing/algorithms/import_parts.py" line="192" />
        <source>Rejected rows</source>
        <translation>被拒绝的行</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="190" />
        <source>Input rows</source>
        <translation>输入行数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="191" />
        <source>Accepted parts</source>
        <translation>已接收部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="196" />
        <source>Incorrect parameter value for {name}</source>
        <translation>参数 {name} 的值不正确</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="204" />
        <location filename="../processing/algorithms/import_parts.py" line="289" />
        <source>The output 'Imported parts'</source>
        <translation>输出“导入的部件”</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="205" />
        <location filename="../processing/algorithms/import_parts.py" line="292" />
        <source>The output 'Rejected rows'</source>
        <translation>输出“被拒绝的行”</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="213" />
        <source>The imported parts and the rejected rows would be written to the same place ({path}): one would replace the other. Choose two files, or two layers of one GeoPackage (file.gpkg|layername=parts and file.gpkg|layername=rejected).</source>
        <translation>导入的部件和被拒绝的行将写入同一位置（{path}）：一个会覆盖另一个。请选择两个文件，或同一 GeoPackage 中的两个图层（file.gpkg|layername=parts 和 file.gpkg|layername=rejected）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="223" />
        <source>The output {output} would replace the survey {survey} being imported.</source>
        <translation>输出 {output} 将覆盖正在导入的普查数据 {survey}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="247" />
        <source>The part survey {value} cannot be opened.</source>
        <translation>无法打开部件普查 {value}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="254" />
        <source>Read {n} rows from {source} (encoding: {encoding}).</source>
        <translation>已从 {source} 读取 {n} 行（编码：{encoding}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="260" />
        <source>The grid layer cannot be opened.</source>
        <translation>无法打开网格图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="265" />
        <source>The grid layer {layer} has no field 'grid_code'.</source>
        <translation>网格图层 {layer} 缺少字段“grid_code”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="269" />
        <source>The grid layer {layer} has no coordinate system.</source>
        <translation>网格图层 {layer} 没有坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="294" />
        <source>{rows} rows: {accepted} parts imported, {rejected} rejected.</source>
        <translation>共 {rows} 行：导入 {accepted} 个部件，拒绝 {rejected} 行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="301" />
        <source>{count} × {reason_code} (e.g. row {row}: {reason})</source>
        <translation>{count} × {reason_code}（例如第 {row} 行：{reason}）</translation>
    </message>
</context>
<context>
    <name>Inventory</name>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="57" />
        <source>new</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="58" />
        <source>unchanged</source>
        <translation>未变</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="59" />
        <source>moved</source>
        <translation>位置变化</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="60" />
        <source>attributes changed</source>
        <translation>属性变化</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="61" />
        <source>moved and attributes changed</source>
        <translation>位置和属性均变化</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="62" />
        <source>missing from the new survey</source>
        <translation>新普查中缺失</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="78" />
        <source>{source} has no field 'code': use the output of 'Import part survey'.</source>
        <translation>{source} 缺少字段“code”：请使用“导入部件普查”的输出。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="83" />
        <source>{source} has no point geometry.</source>
        <translation>{source} 没有点几何。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="103" />
        <source>{source}, feature {row}: the field 'code' is empty.</source>
        <translation>{source} 第 {row} 个要素：字段“code”为空。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="110" />
        <source>{source}, feature {row} (code {code}): no geometry.</source>
        <translation>{source} 第 {row} 个要素（编码 {code}）：没有几何。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="120" />
        <source>{source}: the code {code} appears in features {first} and {second}; import the survey with 'Import part survey' first.</source>
        <translation>{source}：编码 {code} 同时出现在第 {first} 和第 {second} 个要素中；请先用“导入部件普查”导入普查数据。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="140" />
        <source>Cannot open the inventory {path}: {error}</source>
        <translation>无法打开部件台账 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="150" />
        <source>feature {fid} is a {kind}</source>
        <translation>要素 {fid} 为 {kind}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="152" />
        <source>its geometries are {kind}</source>
        <translation>其几何类型为 {kind}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="152" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="155" />
        <source>The inventory {path}, layer {layer}, is not a point layer ({where}): the part inventory keeps one point per part, and updating it would rewrite its geometries as points. Nothing was changed: choose the point layer of the inventory, or another layer name to start a new inventory.</source>
        <translation>台账 {path} 的图层 {layer} 不是点图层（{where}）：部件台账每个部件保存一个点，更新会把其几何改写为点。未做任何更改：请选择台账的点图层，或换一个图层名以新建台账。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="173" />
        <location filename="../grid_manager/parts/inventory.py" line="191" />
        <source>Cannot read the inventory {path}: {error}</source>
        <translation>无法读取部件台账 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="195" />
        <source>The inventory {path}, layer {layer}, has no field 'code'.</source>
        <translation>部件台账 {path} 的图层 {layer} 缺少字段“code”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="240" />
        <source>The inventory holds the code {code} more than once (feature {fid}); fix it before re-importing.</source>
        <translation>部件台账中编码 {code} 出现多次（要素 {fid}）；请修正后再重新导入。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="329" />
        <source>Updating the inventory {path} failed ({what}): {error}</source>
        <translation>更新部件台账 {path} 失败（{what}）：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="378" />
        <location filename="../grid_manager/parts/inventory.py" line="397" />
        <location filename="../grid_manager/parts/inventory.py" line="429" />
        <source>Cannot write the inventory {path}: {error}</source>
        <translation>无法写入部件台账 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="386" />
        <location filename="../grid_manager/parts/inventory.py" line="410" />
        <source>The inventory {path} was created by someone else while this survey was being written. Nothing was changed: run the update again to compare with it.</source>
        <translation>在写入本次普查时，部件台账 {path} 已被他人创建。未做任何更改：请重新运行更新，与其进行比对。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="440" />
        <source>The inventory {path} cannot be created: the folder {folder} does not exist.</source>
        <translation>无法创建台账 {path}：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="446" />
        <source>The inventory {path} is read-only (no permission to write the file). Nothing was changed.</source>
        <translation>台账 {path} 是只读的（没有写入该文件的权限）。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="452" />
        <source>The inventory {path} cannot be changed: no permission to write in its folder {folder} (SQLite writes its journal there). Nothing was changed.</source>
        <translation>无法更改台账 {path}：没有在其所在文件夹 {folder} 中写入的权限（SQLite 需要在该处写入日志文件）。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="476" />
        <source>open for writing</source>
        <translation>以写入方式打开</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="480" />
        <source>layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="483" />
        <source>start a transaction</source>
        <translation>开始事务</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="498" />
        <source>The inventory {path} is being changed by someone else (it is locked for writing). Nothing was changed: run the update again when they are done.</source>
        <translation>部件台账 {path} 正在被他人修改（已被写锁定）。未做任何更改：请待对方完成后重新运行更新。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="507" />
        <source>commit</source>
        <translation>提交</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="530" />
        <source>add field {field}</source>
        <translation>添加字段 {field}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="545" />
        <source>add part {code}</source>
        <translation>添加部件 {code}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="549" />
        <location filename="../grid_manager/parts/inventory.py" line="566" />
        <source>read part {code}</source>
        <translation>读取部件 {code}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="558" />
        <location filename="../grid_manager/parts/inventory.py" line="569" />
        <source>update part {code}</source>
        <translation>更新部件 {code}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/inventory.py" line="637" />
        <source>The new survey has no coordinate system.</source>
        <translation>新普查数据没有坐标系。</translation>
    </message>
</context>
<context>
    <name>LiveRefresh</name>
    <message>
        <location filename="../grid_manager/gui/case_live.py" line="36" />
        <source>Live updates paused — reconnecting…</source>
        <translation>实时更新已暂停——正在重新连接…</translation>
    </message>
</context>
<context>
    <name>LocalMoranAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="67" />
        <source>Local Moran's I clusters and outliers (LISA)</source>
        <translation>局部莫兰指数聚类与异常值（LISA）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="70" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="76" />
        <source>LISA,Moran,局部莫兰,聚类,异常值,cluster,outlier,hotspot,cases,网格</source>
        <translation>LISA,Moran,局部莫兰,聚类,异常值,cluster,outlier,hotspot,cases,网格,热点,案件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="79" />
        <source>Local Moran's I (LISA, Anselin 1995) of a numeric field of grids — e.g. n_cases or rate_1000hh_eb of the grid case statistics — finding clusters (high-high, low-low) and outliers (high-low: a high grid among low ones; low-high).

Value: the field; with a base field (e.g. households) the value is the rate field / base × 1,000, empirical-Bayes smoothed (global or spatial, as esda) unless smoothing is off; grids whose base is below the minimum get no rate. Grids with an empty value are left out (their neighbours ignore them) and reported.
Neighbours: queen contiguity or a distance band between centroids (metres; geographic layers are projected); row-standardised weights.
I_i = (n − 1) z_i lag_i / Σ z_j², z the standardised value and lag_i the mean z of the neighbours — esda's Moran_Local. Quadrant: HH (z &gt; 0, lag &gt; 0), LH, LL, HL.
lisa_p: two-sided p-value of the conditional permutation test (each grid keeps its value, its neighbours are drawn from the other grids; PERMUTATIONS draws, SEED for reproducible runs; ties count on both sides) = 2 × esda's p_sim. lisa_p_fdr: Benjamini-Hochberg adjusted. lisa_cluster: 1 high-high cluster, 2 low-low cluster, 3 low-high outlier, 4 high-low outlier when p ≤ the significance level (the FDR-adjusted p when FDR is on), 0 not significant. A grid whose whole neighbourhood has the value 0 (no case) is never significant; grids without neighbours get no value. PERMUTATIONS must be at least 99.</source>
        <translation>网格数值字段的局部莫兰指数（LISA，Anselin 1995）——例如网格案件统计输出的 n_cases 或 rate_1000hh_eb——用于识别聚类（高-高、低-低）和异常值（高-低：低值网格中的高值网格；低-高）。

数值：所选字段；给出基数字段（例如户数）时，数值为 字段 / 基数 × 1000 的比率，除非关闭平滑，否则做经验贝叶斯平滑（全局或空间，与 esda 相同）；基数低于最小值的网格没有比率。数值为空的网格不参与分析（其邻居忽略它们）并会报告。
邻接：后式邻接或质心间的距离带（米；地理坐标系的图层会先投影）；权重按行标准化。
I_i = (n − 1) z_i lag_i / Σ z_j²，z 为标准化值，lag_i 为邻居 z 的平均值——与 esda 的 Moran_Local 相同。象限：HH（z &gt; 0，lag &gt; 0）、LH、LL、HL。
lisa_p：条件置换检验的双侧 p 值（每个网格保留自身的值，其邻居从其他网格中抽取；置换次数为 PERMUTATIONS，SEED 保证结果可重现；相等值计入两侧）= 2 × esda 的 p_sim。lisa_p_fdr：Benjamini-Hochberg 校正值。lisa_cluster：p ≤ 显著性水平时（开启 FDR 时使用校正后的 p），1 为高-高聚类，2 为低-低聚类，3 为低-高异常值，4 为高-低异常值；0 为不显著。整个邻域数值均为 0（没有案件）的网格永远不显著；没有邻居的网格没有数值。PERMUTATIONS 至少为 99。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="103" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="104" />
        <source>Empirical Bayes (global)</source>
        <translation>经验贝叶斯（全局）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="105" />
        <source>Empirical Bayes (spatial)</source>
        <translation>经验贝叶斯（空间）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="111" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="116" />
        <source>Value field</source>
        <translation>数值字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="122" />
        <source>Base field for a rate (e.g. households)</source>
        <translation>比率的基数字段（例如户数）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="132" />
        <source>Rate smoothing</source>
        <translation>比率平滑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="140" />
        <source>Minimum base for a rate</source>
        <translation>计算比率的最小基数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="149" />
        <source>Neighbours</source>
        <translation>邻接关系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="150" />
        <location filename="../processing/algorithms/local_moran.py" line="155" />
        <source>Distance band</source>
        <translation>距离带</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="150" />
        <source>Queen contiguity</source>
        <translation>后式邻接（共点即相邻）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="160" />
        <source>Permutations</source>
        <translation>置换次数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="170" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="180" />
        <source>Significance level</source>
        <translation>显著性水平</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="187" />
        <source>False discovery rate correction</source>
        <translation>错误发现率（FDR）校正</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="192" />
        <location filename="../processing/algorithms/local_moran.py" line="324" />
        <source>LISA clusters and outliers</source>
        <translation>LISA 聚类与异常值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="216" />
        <source>{layer}: there is no field {field}.</source>
        <translation>{layer}：没有字段 {field}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="219" />
        <source>{layer}: there are no grids (empty layer or selection).</source>
        <translation>{layer}：没有网格（图层或选择集为空）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="251" />
        <source>{layer}: {n} grids have no value (empty {field} or base): left out.</source>
        <translation>{layer}：{n} 个网格没有数值（{field} 或基数为空）：不参与分析。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="257" />
        <source>{layer}: fewer than 3 grids have a value: nothing to analyse.</source>
        <translation>{layer}：有数值的网格少于 3 个：无法分析。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="263" />
        <source>{n} grids have no neighbour: they get no LISA value.</source>
        <translation>{n} 个网格没有邻居：不计算 LISA 值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="319" />
        <source>{hh} high-high and {ll} low-low cluster grids, {lh} low-high and {hl} high-low outliers.</source>
        <translation>高-高聚类网格 {hh} 个、低-低聚类网格 {ll} 个，低-高异常值 {lh} 个、高-低异常值 {hl} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="337" />
        <source>High-high cluster</source>
        <translation>高-高聚类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="338" />
        <source>Low-low cluster</source>
        <translation>低-低聚类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="339" />
        <source>Low-high outlier</source>
        <translation>低-高异常值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="340" />
        <source>High-low outlier</source>
        <translation>高-低异常值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/local_moran.py" line="341" />
        <source>Not significant</source>
        <translation>不显著</translation>
    </message>
</context>
<context>
    <name>ManageClassesAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="33" />
        <source>Manage part and event classes</source>
        <translation>管理部件和事件类别</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="36" />
        <source>Case store administration</source>
        <translation>案件库管理</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="42" />
        <source>Adds or renames the part classes (部件) and event classes (事件) cases are reported in, with their Chinese and English names: one class (4- or 5-digit code), or every class of a catalogue CSV (the columns of the plugin's catalogues: code, name_zh, name_en; the bundled GB/T 30428.2 catalogue when no file is given). Major classes (2 digits) are listed as skipped. Only the store's administrator or a user of the command centre may do it; every change is audited.</source>
        <translation>新增或重命名上报案件所用的部件类别和事件类别，包括中文和英文名称：可逐个添加（4 位或 5 位代码），也可导入类别目录 CSV 中的全部类别（列与插件自带目录相同：code、name_zh、name_en；未指定文件时使用内置的 GB/T 30428.2 目录）。大类（2 位）会列为已跳过。只有案件库管理员或指挥中心用户可以执行；每项修改都会记入审计。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="54" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="54" />
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="54" />
        <source>part</source>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="58" />
        <source>Import a whole catalogue</source>
        <translation>导入整个类别目录</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="63" />
        <source>Catalogue CSV (empty: the bundled catalogue)</source>
        <translation>类别目录 CSV（留空：使用内置目录）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="68" />
        <source>Class code (4 or 5 digits)</source>
        <translation>类别代码（4 位或 5 位）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="69" />
        <source>English name</source>
        <translation>英文名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="70" />
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="71" />
        <source>Classes added or renamed</source>
        <translation>新增或重命名的类别数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="72" />
        <source>Catalogue entries skipped</source>
        <translation>跳过的目录条目数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="85" />
        <source>Give a class code (field Class code) or import a catalogue (field Import a whole catalogue).</source>
        <translation>请填写类别代码（字段“类别代码”）或导入类别目录（字段“导入整个类别目录”）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="93" />
        <source>Skipped {code}: {reason}.</source>
        <translation>已跳过 {code}：{reason}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_classes.py" line="102" />
        <source>{n} {kind} classes added or renamed in {store}.</source>
        <translation>已在 {store} 中新增或重命名 {n} 个{kind}类别。</translation>
    </message>
</context>
<context>
    <name>ManageDepartmentsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="31" />
        <source>Manage departments</source>
        <translation>管理专业部门</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="34" />
        <source>Case store administration</source>
        <translation>案件库管理</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="40" />
        <source>Adds a department of the case store (the 专业部门 cases are dispatched to), renames it, or removes one that no case and no user refers to. A CSV table with the columns code and name (UTF-8 or GBK) adds or renames many at once. Only the store's administrator or a user of the command centre may do it (the shared store checks it itself), and every change is written to the store's audit: who, when, the old and the new values.</source>
        <translation>新增案件库的专业部门（案件派遣的对象）、重命名专业部门，或删除没有案件和用户引用的专业部门。可用包含 code 和 name 两列的 CSV 表（UTF-8 或 GBK）一次新增或重命名多个部门。只有案件库管理员或指挥中心用户可以执行（共享案件库会自行检查），每项修改都会记入案件库审计：操作人、时间、修改前后的值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="49" />
        <source>Add or rename</source>
        <translation>新增或重命名</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="49" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="54" />
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="56" />
        <source>Department code</source>
        <translation>专业部门代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="57" />
        <source>Department name</source>
        <translation>专业部门名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="60" />
        <source>Departments table (CSV: code, name)</source>
        <translation>专业部门表（CSV：code、name）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="63" />
        <source>Departments added or renamed</source>
        <translation>新增或重命名的专业部门数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="64" />
        <source>Departments removed</source>
        <translation>删除的专业部门数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="74" />
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="81" />
        <source>The table {path} has no column '{field}'.</source>
        <translation>表 {path} 中没有“{field}”列。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="97" />
        <source>Give a department code (field Department code) or a table.</source>
        <translation>请填写专业部门代码（字段“专业部门代码”）或指定一个表。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="99" />
        <source>Departments are removed one at a time (field Department code).</source>
        <translation>专业部门只能逐个删除（字段“专业部门代码”）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="107" />
        <source>Department {code} removed from {store}.</source>
        <translation>已从 {store} 中删除专业部门 {code}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="119" />
        <source>{path}, line {line}: {error} ({saved} departments were saved before).</source>
        <translation>{path}，第 {line} 行：{error}（此前已保存 {saved} 个专业部门）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_departments.py" line="125" />
        <source>{n} departments added or renamed in {store}.</source>
        <translation>已在 {store} 中新增或重命名 {n} 个专业部门。</translation>
    </message>
</context>
<context>
    <name>ManageUsersAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="28" />
        <source>Manage users and roles</source>
        <translation>管理用户和角色</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="31" />
        <source>Case store administration</source>
        <translation>案件库管理</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="37" />
        <source>Creates a login of the shared case store acting in one role (inspector, supervision, command, department, viewer, planner or surveyor), changes the role of a login (the previous one is revoked), disables a login (it can no longer connect nor act; its open sessions are ended) or enables it again. A department user needs its department, a surveyor the street codes (separated by commas) whose grids they edit. Only the store's administrator or a user of the command centre may do it; the command centre manages only the store's own users, never the administrator nor its own login. Every change is audited. Passwords are never asked here: set one with the store administration command line (--password) or use the database's own authentication.</source>
        <translation>为共享案件库创建以某一角色（inspector、supervision、command、department、viewer、planner 或 surveyor）工作的登录名，修改登录名的角色（原角色被收回），停用登录名（不能再连接或办理；已打开的会话被结束）或重新启用。专业部门用户需要指定其部门，测绘员需要指定其可编辑网格的街道代码（以逗号分隔）。只有案件库管理员或指挥中心用户可以执行；指挥中心只能管理案件库自己的用户，不能管理管理员，也不能修改自己的登录名。每项修改都会记入审计。此处从不询问密码：请用案件库管理命令行（--password）设置密码，或使用数据库自身的认证方式。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="49" />
        <source>Create or change role</source>
        <translation>创建或修改角色</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="49" />
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="49" />
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="54" />
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="56" />
        <source>Login</source>
        <translation>登录名</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="58" />
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="61" />
        <source>Department (role department)</source>
        <translation>专业部门（角色 department）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="64" />
        <source>Street codes (role surveyor)</source>
        <translation>街道代码（角色 surveyor）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="66" />
        <source>The login's role and state</source>
        <translation>登录名的角色和状态</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="75" />
        <source>Give the login (field Login).</source>
        <translation>请填写登录名（字段“登录名”）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="81" />
        <source>{login} acts as {role} in {store}.</source>
        <translation>{login} 在 {store} 中的角色为 {role}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="85" />
        <source>{login} is disabled.</source>
        <translation>{login} 已停用。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/manage_users.py" line="85" />
        <source>{login} is enabled.</source>
        <translation>{login} 已启用。</translation>
    </message>
</context>
<context>
    <name>PartForms</name>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="86" />
        <source>en</source>
        <translation>zh</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="91" />
        <location filename="../processing/algorithms/part_forms.py" line="123" />
        <location filename="../processing/algorithms/part_forms.py" line="138" />
        <source>Part code</source>
        <translation>部件编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="92" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="93" />
        <source>Major class</source>
        <translation>大类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="94" />
        <source>Minor class</source>
        <translation>小类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="95" />
        <source>Class</source>
        <translation>部件类别</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="96" />
        <source>Major class (Chinese)</source>
        <translation>大类（中文）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="97" />
        <source>Major class (English)</source>
        <translation>大类（英文）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="98" />
        <source>Class name (Chinese)</source>
        <translation>类别名称（中文）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="99" />
        <source>Class name (English)</source>
        <translation>类别名称（英文）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="100" />
        <source>16-digit code</source>
        <translation>16 位编码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="101" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="102" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="103" />
        <source>Owner department</source>
        <translation>权属部门</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="104" />
        <source>Survey date</source>
        <translation>普查日期</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="105" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="106" />
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="107" />
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="108" />
        <source>Survey file</source>
        <translation>普查文件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="109" />
        <source>Survey row</source>
        <translation>普查行号</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="110" />
        <source>Inventory state</source>
        <translation>台账状态</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="111" />
        <source>First seen</source>
        <translation>首次出现</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="112" />
        <source>Last seen</source>
        <translation>最近出现</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="113" />
        <source>Missing since</source>
        <translation>缺失起始</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="114" />
        <source>Last inventory run</source>
        <translation>最近一次台账更新</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="115" />
        <source>Last change</source>
        <translation>最近变更</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="116" />
        <location filename="../processing/algorithms/part_forms.py" line="128" />
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="117" />
        <source>Retired on</source>
        <translation>注销日期</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="124" />
        <location filename="../processing/algorithms/part_forms.py" line="183" />
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="125" />
        <source>Changed fields</source>
        <translation>变更字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="126" />
        <source>Changed by</source>
        <translation>变更人</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="127" />
        <source>Changed at</source>
        <translation>变更时间</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="129" />
        <source>Inventory run</source>
        <translation>台账更新批次</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="130" />
        <source>Old values</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="131" />
        <source>New values</source>
        <translation>新值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="132" />
        <source>Restored from</source>
        <translation>恢复自</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="139" />
        <source>Taken at</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="140" />
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="141" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="142" />
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="143" />
        <source>Thumbnail</source>
        <translation>缩略图</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="144" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="150" />
        <source>Intact (完好)</source>
        <translation>完好</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="151" />
        <source>Damaged (破损)</source>
        <translation>破损</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="152" />
        <source>Lost (丢失)</source>
        <translation>丢失</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="153" />
        <source>Occupied (占用)</source>
        <translation>占用</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="154" />
        <source>Retired (注销)</source>
        <translation>注销</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="160" />
        <source>New (survey)</source>
        <translation>新增（普查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="161" />
        <source>Unchanged (survey)</source>
        <translation>未变（普查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="162" />
        <source>Moved (survey)</source>
        <translation>移动（普查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="163" />
        <source>Changed (survey)</source>
        <translation>变更（普查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="164" />
        <source>Moved and changed (survey)</source>
        <translation>移动并变更（普查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="165" />
        <source>Missing (survey)</source>
        <translation>缺失（普查）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="166" />
        <source>Edited</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="167" />
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="168" />
        <source>Retired</source>
        <translation>注销</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="169" />
        <source>Restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="176" />
        <source>Part</source>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="177" />
        <source>Place</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="178" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="179" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="180" />
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="181" />
        <source>Identity</source>
        <translation>标识</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="182" />
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="184" />
        <source>Values</source>
        <translation>属性值</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="219" />
        <location filename="../processing/algorithms/part_forms.py" line="793" />
        <location filename="../processing/algorithms/part_forms.py" line="920" />
        <source>Part inventory</source>
        <translation>部件台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="220" />
        <source>Part history</source>
        <translation>部件历史</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="221" />
        <source>Part photos</source>
        <translation>部件照片</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="222" />
        <source>Part classes</source>
        <translation>部件类别</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="223" />
        <source>Departments</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="224" />
        <source>Major classes</source>
        <translation>部件大类</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="241" />
        <source>{store}: the table '{table}' cannot be opened; the store needs a part inventory (a Grid Manager store) that your login may read.</source>
        <translation>{store}：无法打开表“{table}”；需要一个带部件台账、且您的登录账号可以读取的网格管理案件库。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="335" />
        <source>(any major class)</source>
        <translation>（任意大类）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="386" />
        <source>Choose the class of the part.</source>
        <translation>请选择部件类别。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="399" />
        <source>Choose a status from the list.</source>
        <translation>请从列表中选择状态。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="496" />
        <location filename="../processing/algorithms/part_forms.py" line="876" />
        <source>Restore this version</source>
        <translation>恢复此版本</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="525" />
        <source>Part inventory tables</source>
        <translation>部件台账相关表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="546" />
        <source>Grid Manager part inventory form</source>
        <translation>网格管理部件台账表单</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="582" />
        <source>Only planners may change the part inventory: your login has no permission to write the table {table}. Ask the store's administrator for the planner role.</source>
        <translation>只有规划人员可以修改部件台账：您的登录账号没有写入表 {table} 的权限。请向案件库管理员申请规划人员角色。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="794" />
        <source>The save was refused: {reason} Your edits are kept; fix them or roll back.</source>
        <translation>保存被拒绝：{reason} 您的编辑已保留；请修改后再保存，或回滚。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="877" />
        <source>Restore part {part} to the values and position it had at {at} (history row {row})? The part gets a new version; nothing is deleted.</source>
        <translation>将部件 {part} 恢复为 {at} 时的属性和位置（历史记录 {row}）？部件将产生一个新版本；不会删除任何内容。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="894" />
        <source>Part {part} was not restored: {reason}</source>
        <translation>部件 {part} 未恢复：{reason}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/part_forms.py" line="898" />
        <source>Part {part} restored to history row {row} (now version {version}).</source>
        <translation>部件 {part} 已恢复为历史记录 {row}（当前版本 {version}）。</translation>
    </message>
</context>
<context>
    <name>Partition</name>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="114" />
        <source>{what}: {n} invalid geometries were repaired (feature ids {ids}).</source>
        <translation>{what}：已修复 {n} 个无效几何（要素 ID {ids}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="156" />
        <source>{layer}: field '{field}' is not a number in {n} features, e.g. feature {fid} has '{value}'. Households must be numbers ≥ 0.</source>
        <translation>{layer}：字段“{field}”在 {n} 个要素中不是数字，例如要素 {fid} 的值为“{value}”。户数必须是 ≥ 0 的数字。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="164" />
        <source>{layer}: field '{field}' is negative in {n} features, e.g. feature {fid} has {value}. Households must be numbers ≥ 0.</source>
        <translation>{layer}：字段“{field}”在 {n} 个要素中为负数，例如要素 {fid} 的值为 {value}。户数必须是 ≥ 0 的数字。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="172" />
        <source>{layer}: field '{field}' holds more households than any building has ({max}) in {n} features, e.g. feature {fid} has {value}. Check that it is the household field and that its values are right.</source>
        <translation>{layer}：字段“{field}”在 {n} 个要素中的户数超过任何建筑可能的户数（{max}），例如要素 {fid} 为 {value}。请检查该字段是否为户数字段以及其值是否正确。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="187" />
        <source>{layer}: field '{field}' is empty (NULL) in {n} features, e.g. feature {fid}. Fill in the households (0 for non-residential buildings).</source>
        <translation>{layer}：字段“{field}”在 {n} 个要素中为空（NULL），例如要素 {fid}。请填写户数（非住宅建筑填 0）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="206" />
        <source>{layer}: feature {fid} has area code '{code}' in field '{field}'; a community code must have exactly 12 digits (6 county + 3 street + 3 community).</source>
        <translation>{layer}：要素 {fid} 的字段“{field}”中区域编码为“{code}”；社区编码必须正好是 12 位数字（6 位区县 + 3 位街道 + 3 位社区）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="214" />
        <source>{layer}: area code {code} in field '{field}' is used by features {a} and {b}; every area needs its own code.</source>
        <translation>{layer}：字段“{field}”中的区域编码 {code} 同时被要素 {a} 和 {b} 使用；每个区域必须有自己的编码。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="241" />
        <source>{layer}: features {a} and {b} are the same area given twice; every grid must lie in exactly one area, so their grids would overlap. Remove one of them.</source>
        <translation>{layer}：要素 {a} 和 {b} 是同一区域重复给出；每个网格必须恰好位于一个区域内，否则其网格会重叠。请删除其中一个。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="247" />
        <source>{layer}: features {a} and {b} overlap ({area} m²); every grid must lie in exactly one area, so their grids would overlap. Fix the area boundaries (gridmanager:checkgrids names every overlap).</source>
        <translation>{layer}：要素 {a} 和 {b} 相互重叠（{area} m²）；每个网格必须恰好位于一个区域内，否则其网格会重叠。请修正区域边界（gridmanager:checkgrids 会列出每处重叠）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="309" />
        <source>{n} buildings straddle two areas; each was assigned to the area holding most of it (feature ids {ids}).</source>
        <translation>{n} 栋建筑跨越两个区域，已按重叠面积最大原则分配到所在区域（要素 ID {ids}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="370" />
        <source>{layer}: the layer has no features; there is nothing to partition.</source>
        <translation>{layer}：图层没有要素，无可划分的内容。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="378" />
        <source>{layer}: features {ids} have no usable polygon geometry (empty, or not repairable into a polygon).</source>
        <translation>{layer}：要素 {ids} 没有可用的面几何（为空，或无法修复为面）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="387" />
        <source>Balancing by households needs a buildings layer with a household field.</source>
        <translation>按户数均衡需要带户数字段的建筑图层。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="398" />
        <source>{layer}: {n} features without a usable polygon were left out (feature ids {ids}).</source>
        <translation>{layer}：{n} 个没有可用面几何的要素已被忽略（要素 ID {ids}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="411" />
        <source>{n} buildings lie outside every area and were ignored.</source>
        <translation>{n} 栋建筑不在任何区域内，已忽略。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="424" />
        <source>{n} barrier lines lie outside every area and were ignored.</source>
        <translation>{n} 条边界线（障碍线）不在任何区域内，已忽略。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="438" />
        <source>These targets would create about {n} grids (more than {max}). Raise the target area or households.</source>
        <translation>按这些目标将生成约 {n} 个网格（超过 {max} 个）。请增大目标面积或户数。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="450" />
        <source>Partition</source>
        <translation>网格划分</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="451" />
        <source>about {n} grids ({workers} worker processes)</source>
        <translation>约 {n} 个网格（{workers} 个工作进程）</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="460" />
        <source>Raise the target area or households, or partition fewer areas at a time.</source>
        <translation>请提高目标面积或户数，或每次划分更少的区域。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="670" />
        <source>{n} buildings hold more households than the target allows and form grids of their own.</source>
        <translation>{n} 栋建筑的户数超过目标允许范围，各自单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="704" />
        <source>A piece with {tot} cannot be split into whole grids within ±{tol} % of the target: {k} grids give {share} each.</source>
        <translation>含 {tot} 的地块无法划分为整数个偏差在 ±{tol} % 以内的网格：划分为 {k} 个网格时每个为 {share}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="712" />
        <source>A detached piece with {tot} is too small for a grid of its own.</source>
        <translation>含 {tot} 的分离地块太小，不足以单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="843" />
        <source>{v} m²</source>
        <translation>{v} 平方米</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/partition.py" line="845" />
        <source>{v} households</source>
        <translation>{v} 户</translation>
    </message>
</context>
<context>
    <name>PartitionGridsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="38" />
        <source>Partition into balanced grids</source>
        <translation>划分均衡网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="41" />
        <location filename="../processing/algorithms/partition_grids.py" line="93" />
        <location filename="../processing/algorithms/partition_grids.py" line="162" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="47" />
        <source>grid,网格,划分,partition,balance,households,community,districting</source>
        <translation>grid,网格,划分,partition,均衡,户数,社区,网格划分</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="50" />
        <source>Splits every area (community) into grids that follow roads, lanes, rivers and walls, keep buildings whole, never cross an area, cover each area exactly once and are balanced by area, by households or by both.

Areas: polygons to split; every grid lies in exactly one area.
Area code field: 12-digit community codes (6 county + 3 street + 3 community); grids are coded area code + 3-digit serial, numbered west→east within rows from north to south. Without it, grids are coded [feature id]-[serial].
Barriers: lines that grids should follow (roads, lanes, rivers, walls).
Buildings: polygons that are never split. A street block larger than the target is cut along the gaps between its buildings. A single building above the target becomes its own grid. Buildings may also be address points with household counts (each stands for a 1 m square).
Household field: number of households of each building (needed to balance by households).
Balance by / targets / tolerance: the number of grids of each area is chosen so that grids come closest to the target; the engine then balances them within the tolerance where the buildings allow it.
Seed: runs with the same seed and inputs give the same grids.

Output fields: grid_code, area_code, area_m2, households, n_buildings, deviation_pct (from the target; the larger one when balancing by both), compactness (Polsby-Popper, 1 = circle) and flag, which says why a grid misses the tolerance: oversize_building, indivisible_area (the area's total is no whole number of grids), detached_piece, no_households or coarse_atoms (buildings too large for a closer balance). The HTML report summarises balance and compactness per area.

Geographic input is processed in metres (CGCS2000 3-degree Gauss-Krüger zone in China, UTM elsewhere); grids are returned in the CRS of the areas.</source>
        <translation>将每个区域（社区）划分为网格：网格边界沿道路、街巷、河流和围墙，不切割建筑，不跨越区域，对每个区域不重不漏地全覆盖，并按面积、户数或两者均衡。

区域：待划分的面；每个网格只位于一个区域内。
区域编码字段：12 位社区编码（6 位区县 + 3 位街道 + 3 位社区）；网格编码为区域编码 + 3 位顺序号，按行自北向南、行内自西向东编号。未指定时，网格编码为 [要素ID]-[顺序号]。
边界线：网格应沿其划分的线（道路、街巷、河流、围墙）。
建筑：永不被切割的面。大于目标的街区沿建筑之间的空隙继续细分。单栋建筑超过目标时单独成为一个网格。建筑也可以是带户数的门牌地址点（每个点按 1 米见方的占地处理）。
户数字段：每栋建筑的户数（按户数均衡时必需）。
均衡方式 / 目标 / 容差：每个区域的网格数按最接近目标确定；在建筑条件允许时，将网格均衡到容差范围内。
随机种子：相同种子和输入得到相同的网格。

输出字段：grid_code（网格编码）、area_code（区域编码）、area_m2（面积）、households（户数）、n_buildings（建筑数）、deviation_pct（相对目标的偏差；两者均衡时取较大者）、compactness（紧凑度，Polsby-Popper，圆为 1）和 flag（标记），说明网格未达到容差的原因：oversize_building（单栋建筑超标）、indivisible_area（区域总量无法整分）、detached_piece（分离地块）、no_households（无住户）或 coarse_atoms（建筑过大，无法更精细均衡）。HTML 报告按区域汇总均衡度和紧凑度。

地理坐标输入按米制计算（中国境内用 CGCS2000 3 度带高斯-克吕格投影，境外用 UTM）；结果以区域图层的坐标系输出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="79" />
        <source>Areas to split (communities)</source>
        <translation>待划分区域（社区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="85" />
        <source>Area code field (12-digit community code)</source>
        <translation>区域编码字段（12 位社区编码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="95" />
        <source>Number of grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="96" />
        <source>Grids within the tolerance</source>
        <translation>容差内的网格数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="99" />
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="99" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="110" />
        <source>Working in {crs} (metres).</source>
        <translation>使用 {crs}（米）进行计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="113" />
        <source>Reading areas…</source>
        <translation>正在读取区域…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="127" />
        <source>Partitioning {n} areas…</source>
        <translation>正在划分 {n} 个区域…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="150" />
        <source>Writing {n} grids…</source>
        <translation>正在写入 {n} 个网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="172" />
        <source>{n} grids; {within} within ±{tol} % of the target; compactness mean {pp:.3f}.</source>
        <translation>共 {n} 个网格；{within} 个在目标的 ±{tol} % 以内；平均紧凑度 {pp:.3f}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="212" />
        <source>Balance by</source>
        <translation>均衡方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="213" />
        <source>Target grid area (m²)</source>
        <translation>目标网格面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="214" />
        <source>Target households per grid</source>
        <translation>每个网格目标户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="215" />
        <source>Tolerance (%)</source>
        <translation>容差（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="216" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="217" />
        <source>Street blocks / atoms</source>
        <translation>街区数 / 基本单元数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="241" />
        <source>Grid partition report</source>
        <translation>网格划分报告</translation>
    </message>
</context>
<context>
    <name>PartitionParameters</name>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="56" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="57" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="58" />
        <source>Area and households</source>
        <translation>面积和户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="68" />
        <source>Barriers (roads, lanes, rivers, walls)</source>
        <translation>边界线（道路、街巷、河流、围墙）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="76" />
        <source>Buildings (never split)</source>
        <translation>建筑（不切割）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="84" />
        <source>Household field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="92" />
        <source>Balance by</source>
        <translation>均衡方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="98" />
        <source>Target grid area (m²)</source>
        <translation>目标网格面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="107" />
        <source>Target households per grid</source>
        <translation>每个网格目标户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="116" />
        <source>Tolerance (%)</source>
        <translation>容差（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="126" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="152" />
        <source>Balancing by households needs a buildings layer and its household field.</source>
        <translation>按户数均衡需要建筑图层及其户数字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="158" />
        <source>Reading buildings…</source>
        <translation>正在读取建筑…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/parameters.py" line="169" />
        <source>Reading barriers…</source>
        <translation>正在读取边界线…</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="94" />
        <source>Cannot read the photo '{name}': {error}</source>
        <translation>无法读取照片“{name}”：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="122" />
        <source>Drop photos (JPEG, PNG, HEIC) here or onto the dialog</source>
        <translation>将照片（JPEG、PNG、HEIC）拖放到此处或对话框上</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="125" />
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="128" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="148" />
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="150" />
        <source>Photos (*.jpg *.jpeg *.png *.heic *.heif *.JPG *.JPEG *.PNG *.HEIC);;All files (*)</source>
        <translation>照片 (*.jpg *.jpeg *.png *.heic *.heif *.JPG *.JPEG *.PNG *.HEIC);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="161" />
        <source>'{name}' was not added: a step takes at most {max} photos.</source>
        <translation>“{name}”未添加：每个环节最多附 {max} 张照片。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="200" />
        <source>{n} photo(s)</source>
        <translation>{n} 张照片</translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="284" />
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="293" />
        <source>This photo ({name}) cannot be shown here; open it in the system viewer.</source>
        <translation>此照片（{name}）无法在此显示，请用系统查看器打开。</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="307" />
        <source>Open in the system viewer</source>
        <translation>用系统查看器打开</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="310" />
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_photos.py" line="351" />
        <source>Save the photo</source>
        <translation>保存照片</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="51" />
        <source>Grid without geometry</source>
        <translation>网格无几何</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="52" />
        <source>Invalid geometry</source>
        <translation>无效几何</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="53" />
        <source>Grid in several parts</source>
        <translation>网格由多块组成</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="54" />
        <source>Grids overlap</source>
        <translation>网格重叠</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="55" />
        <source>Gap between grids</source>
        <translation>网格之间有缝隙</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="56" />
        <source>Grid crosses an area boundary</source>
        <translation>网格跨越区域边界</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="57" />
        <source>Grid outside every area</source>
        <translation>网格不在任何区域内</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="58" />
        <source>Area given twice</source>
        <translation>区域重复</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="59" />
        <source>Areas overlap</source>
        <translation>区域重叠</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="60" />
        <source>Building split between grids</source>
        <translation>建筑被网格切割</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="61" />
        <source>Grid code missing</source>
        <translation>缺少网格编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="62" />
        <source>Malformed grid code</source>
        <translation>网格编码格式错误</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="63" />
        <source>Duplicate grid code</source>
        <translation>网格编码重复</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="64" />
        <source>Grid code does not start with its area's code</source>
        <translation>网格编码与所在区域编码不符</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="65" />
        <source>Outside the balance tolerance</source>
        <translation>超出均衡容差</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="66" />
        <source>Low compactness</source>
        <translation>紧凑度过低</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="143" />
        <source>areas (features {a} and {b}) are the same area given twice</source>
        <translation>区域（要素 {a} 和 {b}）是同一区域重复给出</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="145" />
        <source>areas (features {a} and {b}) overlap by {area} m²</source>
        <translation>区域（要素 {a} 和 {b}）重叠 {area} m²</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="180" />
        <source>feature {fid}: NULL geometry</source>
        <translation>要素 {fid}：几何为空值（NULL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="182" />
        <source>feature {fid}: empty geometry</source>
        <translation>要素 {fid}：几何为空</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="207" />
        <source>{n} parts</source>
        <translation>{n} 块</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="229" />
        <source>{area} m² shared</source>
        <translation>重叠 {area} 平方米</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="268" />
        <source>{area} m² lie outside its area</source>
        <translation>{area} 平方米位于所属区域之外</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="289" />
        <source>{area} m² not covered by any grid</source>
        <translation>{area} 平方米未被任何网格覆盖</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="312" />
        <source>building split between {n} grids</source>
        <translation>建筑被 {n} 个网格切割</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="332" />
        <source>{n} characters; a grid code has 15 digits</source>
        <translation>{n} 个字符；网格编码应为 15 位数字</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="344" />
        <source>also used by feature {fid}</source>
        <translation>要素 {fid} 也使用此编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="365" />
        <source>{dev} % from the target</source>
        <translation>偏离目标 {dev} %</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/quality.py" line="377" />
        <source>Polsby-Popper {pp}</source>
        <translation>紧凑度 {pp}</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../grid_manager/cases/report.py" line="18" />
        <source>Registration rate (立案率)</source>
        <translation>立案率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="19" />
        <source>Dispatch accuracy (派遣准确率)</source>
        <translation>派遣准确率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="20" />
        <source>On-time handling rate (按期处置率)</source>
        <translation>按期处置率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="21" />
        <source>Handling rate (处置率)</source>
        <translation>处置率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="22" />
        <source>On-time closing rate (按期结案率)</source>
        <translation>按期结案率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="23" />
        <source>Closing rate (结案率)</source>
        <translation>结案率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="24" />
        <source>Rework rate (返工率)</source>
        <translation>返工率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="25" />
        <source>Extension rate (延期率)</source>
        <translation>延期率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="26" />
        <source>Overdue rate (超期率)</source>
        <translation>超期率</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="82" />
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="83" />
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="117" />
        <source>Indicators</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="119" />
        <source>Whole window</source>
        <translation>整个时间范围</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="122" />
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="125" />
        <location filename="../grid_manager/cases/report.py" line="149" />
        <source>Cases reported</source>
        <translation>上报案件数</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="127" />
        <location filename="../grid_manager/cases/report.py" line="153" />
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="128" />
        <location filename="../grid_manager/cases/report.py" line="154" />
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="135" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="135" />
        <source>Top 10 grids by cases reported</source>
        <translation>按上报案件数排名前 10 的网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="137" />
        <source>Top 10 departments by cases reported</source>
        <translation>按上报案件数排名前 10 的部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="139" />
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="144" />
        <source>Not available for these cases.</source>
        <translation>这些案件无法给出此项。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/report.py" line="147" />
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="12" />
        <source>A single building (or group of overlapping buildings) holds more households than the target plus tolerance; it forms a grid of its own.</source>
        <translation>单栋建筑（或相互重叠的一组建筑）的户数超过目标加容差，单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="17" />
        <source>The area's total cannot be divided into a whole number of grids within the tolerance (e.g. 1,000 households with target 400: 2 grids give 500, 3 give 333).</source>
        <translation>区域总量无法整分为容差范围内的整数个网格（例如 1,000 户、目标 400 户：分 2 个网格各 500 户，分 3 个各 333 户）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="22" />
        <source>A detached piece of the area (an island or a part cut off by another grid) is too small for a grid of its own.</source>
        <translation>区域中分离的地块（飞地或被其他网格隔开的部分）太小，不足以单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="27" />
        <source>The piece has no households at all.</source>
        <translation>该地块没有任何住户。</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="28" />
        <source>The buildings here are too large relative to the target for a closer balance without cutting a building.</source>
        <translation>此处建筑相对目标过大，在不切割建筑的前提下无法更精细地均衡。</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="72" />
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="74" />
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="74" />
        <location filename="../grid_manager/common/report.py" line="92" />
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="76" />
        <location filename="../grid_manager/common/report.py" line="97" />
        <location filename="../grid_manager/common/report.py" line="110" />
        <source>Grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="78" />
        <source>Grids within ±{tol} % of the target</source>
        <translation>在目标 ±{tol} % 以内的网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="80" />
        <source>of grids without an oversize building</source>
        <translation>占不含超大建筑网格的比例</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="83" />
        <source>Largest deviation from the target</source>
        <translation>相对目标的最大偏差</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="84" />
        <source>Mean absolute deviation</source>
        <translation>平均绝对偏差</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="86" />
        <source>Compactness (Polsby-Popper) mean / min</source>
        <translation>紧凑度（Polsby-Popper）平均 / 最小</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="91" />
        <source>Settings</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="92" />
        <source>Setting</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="93" />
        <source>Areas</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="96" />
        <location filename="../grid_manager/common/report.py" line="117" />
        <source>Area code</source>
        <translation>区域编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="98" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="99" />
        <source>Area (m²)</source>
        <translation>面积（平方米）</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="100" />
        <source>Within tolerance</source>
        <translation>在容差内</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="107" />
        <source>Grids that miss the tolerance</source>
        <translation>未达到容差的网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="110" />
        <source>Flag</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="110" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="116" />
        <source>Notes per area</source>
        <translation>各区域说明</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="117" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../grid_manager/common/report.py" line="119" />
        <source>Input warnings</source>
        <translation>输入警告</translation>
    </message>
</context>
<context>
    <name>ReportCaseDialog</name>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="25" />
        <source>Report a case</source>
        <translation>上报案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="31" />
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="32" />
        <source>Part</source>
        <translation>部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="33" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="35" />
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="38" />
        <source>Inspector</source>
        <translation>监督员</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="39" />
        <source>Public</source>
        <translation>公众</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="40" />
        <source>Hotline</source>
        <translation>热线</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="41" />
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="44" />
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="45" />
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="48" />
        <source>no part within 50 m</source>
        <translation>50 米内没有部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="49" />
        <source>Part code</source>
        <translation>部件编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="52" />
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="53" />
        <source>outside every grid</source>
        <translation>不在任何网格内</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="54" />
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="55" />
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="57" />
        <source>Photos</source>
        <translation>照片</translation>
    </message>
</context>
<context>
    <name>Revise</name>
    <message>
        <location filename="../grid_manager/grids/revise.py" line="111" />
        <source>{layer}: the layer has no features.</source>
        <translation>{layer}：图层没有要素。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/revise.py" line="117" />
        <source>{layer}: feature {fid} has no grid code; codes are needed to keep unchanged grids stable.</source>
        <translation>{layer}：要素 {fid} 没有网格编码；需要编码才能保持未修订网格不变。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/revise.py" line="124" />
        <source>{layer}: grid code {code} is used by features {a} and {b}.</source>
        <translation>{layer}：网格编码 {code} 同时被要素 {a} 和 {b} 使用。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/revise.py" line="142" />
        <source>No grid to revise: select grids, or let the algorithm pick those outside the tolerance (none are).</source>
        <translation>没有需要修订的网格：请选择网格，或让算法选取超出容差的网格（当前没有）。</translation>
    </message>
</context>
<context>
    <name>ReviseGridsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="48" />
        <source>Revise grids</source>
        <translation>修订网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="51" />
        <location filename="../processing/algorithms/revise_grids.py" line="76" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="57" />
        <source>grid,网格,修订,调整,revise,rebalance,households</source>
        <translation>grid,网格,修订,调整,revise,重新均衡,户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="60" />
        <source>Re-partitions only some grids while every other grid keeps its geometry and code.

Grids to revise: the selected grids, the grids matching the expression, and/or the grids outside the tolerance with the current buildings and households together with their neighbours in the same area (a grid can only be rebalanced against its neighbours). The grids to revise are merged per area (first 12 digits of the code, or the area code field) and partitioned again with the settings of 'Partition into balanced grids'.

A new grid keeps the code of the old grid it mostly replaces (both overlap by more than half); other new grids get the next free serials of their area. Output: all grids with a status (locked, unchanged, changed, added) and a change table (added, removed, changed codes with households and area before and after).</source>
        <translation>只重新划分部分网格，其余网格的几何和编码保持不变。

待修订网格：选中的网格、符合表达式的网格，以及/或者按当前建筑和户数超出容差的网格及其同一区域内的相邻网格（网格只能与相邻网格之间重新均衡）。待修订网格按区域（编码前 12 位或区域编码字段）合并后，按“划分均衡网格”的参数重新划分。

新网格若与某个旧网格相互重叠超过一半，则沿用该旧网格的编码；其余新网格按所在区域的下一个空闲顺序号编码。输出：全部网格及其状态（locked 锁定、unchanged 未变、changed 已变更、added 新增），以及变更表（新增、删除、变更的编码及变更前后的户数和面积）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="82" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="90" />
        <source>Area code field</source>
        <translation>区域编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="99" />
        <source>Grids to revise</source>
        <translation>待修订网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="101" />
        <source>Selected grids (and grids matching the expression)</source>
        <translation>选中的网格（及符合表达式的网格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="102" />
        <source>Grids outside the tolerance and their neighbours</source>
        <translation>超出容差的网格及其相邻网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="103" />
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="111" />
        <source>Expression choosing grids to revise</source>
        <translation>选择待修订网格的表达式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="119" />
        <location filename="../processing/algorithms/revise_grids.py" line="214" />
        <source>Revised grids</source>
        <translation>修订后的网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="123" />
        <source>Changes</source>
        <translation>变更表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="125" />
        <source>Number of grids revised</source>
        <translation>修订的网格数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="149" />
        <source>The expression is not valid: {error}</source>
        <translation>表达式无效：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="161" />
        <source>Revising grids…</source>
        <translation>正在修订网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="251" />
        <source>{n} grids revised: {added} added, {removed} removed, {changed} changed, {unchanged} unchanged.</source>
        <translation>已修订 {n} 个网格：新增 {added} 个，删除 {removed} 个，变更 {changed} 个，未变 {unchanged} 个。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="268" />
        <source>Locked (not revised)</source>
        <translation>锁定（未修订）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="269" />
        <source>Revised, shape unchanged</source>
        <translation>已修订，形状未变</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="270" />
        <source>Revised, shape changed</source>
        <translation>已修订，形状改变</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="271" />
        <source>New grid</source>
        <translation>新网格</translation>
    </message>
</context>
<context>
    <name>StoreAdmin</name>
    <message>
        <location filename="../grid_manager/store/admin.py" line="71" />
        <source>Grid Manager case store administration</source>
        <translation>Grid Manager 案件库管理</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="73" />
        <source>PostgreSQL connection string (libpq) or a .gpkg path</source>
        <translation>PostgreSQL 连接串（libpq）或 .gpkg 文件路径</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="75" />
        <source>create or upgrade the schema</source>
        <translation>创建或升级数据库结构</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="78" />
        <source>migrate, then load the sample catalogue, grids, parts and cases</source>
        <translation>升级结构，然后载入示例分类、网格、部件和案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="83" />
        <source>create a login that acts in one workflow role or as planner (PostgreSQL)</source>
        <translation>创建一个以某一流程角色或台账管理员（planner）身份操作的登录用户（PostgreSQL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="89" />
        <location filename="../grid_manager/store/admin.py" line="105" />
        <source>the street code(s) a surveyor edits, separated by commas</source>
        <translation>测绘员可编辑的街道编码，以逗号分隔</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="94" />
        <source>ask for a password (not stored anywhere)</source>
        <translation>询问密码（不在任何地方保存）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="99" />
        <source>give a login another role; the previous role is revoked (PostgreSQL)</source>
        <translation>为登录名更换角色；原角色随即撤销（PostgreSQL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="111" />
        <source>disable a login: end its sessions and refuse new ones (PostgreSQL)</source>
        <translation>停用登录名：结束其会话并拒绝新的连接（PostgreSQL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="113" />
        <source>enable a disabled login again (PostgreSQL)</source>
        <translation>重新启用已停用的登录名（PostgreSQL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="117" />
        <source>remove a login and drop its database role (PostgreSQL)</source>
        <translation>删除登录名及其数据库角色（PostgreSQL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="121" />
        <source>list the logins of the store (PostgreSQL)</source>
        <translation>列出案件库的登录名（PostgreSQL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="124" />
        <source>show or set the store's time zone (case codes, deadlines, periods)</source>
        <translation>查看或设置案件库的时区（用于案件编号、处置时限和统计时段）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="129" />
        <source>show or set the photo settings: the largest photo and the attachments folder</source>
        <translation>查看或设置照片参数：照片大小上限与附件文件夹</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="131" />
        <source>largest photo in MB (default 10)</source>
        <translation>照片大小上限，单位 MB（默认 10）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="134" />
        <source>keep new photos as files in this folder ("": in the store); a GeoPackage resolves it next to the file</source>
        <translation>将新照片作为文件保存在此文件夹（""：保存在案件库中）；GeoPackage 的相对路径以其文件所在目录为准</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="139" />
        <source>add a department or rename it</source>
        <translation>新增或重命名专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="143" />
        <source>remove a department no case and no user refers to</source>
        <translation>删除没有案件和用户引用的专业部门</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="145" />
        <source>add a part or event class or rename it</source>
        <translation>新增或重命名部件或事件类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="149" />
        <source>the Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="152" />
        <source>add the classes of a catalogue CSV (the bundled catalogue by default)</source>
        <translation>导入类别目录 CSV 中的类别（默认使用内置目录）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="156" />
        <source>list the audit of administrative changes</source>
        <translation>列出管理修改的审计记录</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="158" />
        <source>load streets and communities from a CSV</source>
        <translation>从 CSV 载入街道和社区</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="161" />
        <source>load grids from a polygon layer (new versions for existing codes)</source>
        <translation>从面图层载入网格（已有编码的网格生成新版本）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="162" />
        <source>load parts from a point layer</source>
        <translation>从点图层载入部件</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="174" />
        <source>publish a grid layer as version 1 of new grids, with a reason (PostgreSQL)</source>
        <translation>将网格图层发布为新网格的第 1 版，并注明原因（PostgreSQL）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="183" />
        <source>load an official holiday list (CSV date,working,note); replaces its years</source>
        <translation>载入官方节假日安排（CSV：date,working,note），替换文件所含年份的日历</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="187" />
        <source>show or set the working hours, e.g. 08:30-12:00,13:30-17:30</source>
        <translation>显示或设置工作时间，例如 08:30-12:00,13:30-17:30</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="192" />
        <source>set time limits from a CSV (kind,class_code,urgency,stage,amount,unit)</source>
        <translation>从 CSV 设置时限（kind,class_code,urgency,stage,amount,unit）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="195" />
        <source>list the time limits</source>
        <translation>列出时限</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="202" />
        <source>schema version {version}</source>
        <translation>数据库结构版本 {version}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="209" />
        <source>{n} sample cases reported</source>
        <translation>已上报 {n} 件示例案件</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="212" />
        <source>add-user needs a PostgreSQL store</source>
        <translation>add-user 只适用于 PostgreSQL 案件库</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="214" />
        <source>password for {login}: </source>
        <translation>{login} 的密码：</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="219" />
        <location filename="../grid_manager/store/admin.py" line="225" />
        <source>{login} acts as {role}</source>
        <translation>{login} 的角色为 {role}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="222" />
        <location filename="../grid_manager/store/admin.py" line="247" />
        <source>{command} needs a PostgreSQL store</source>
        <translation>{command} 需要 PostgreSQL 案件库</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="228" />
        <source>{login} is disabled</source>
        <translation>{login} 已停用</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="231" />
        <source>{login} is enabled</source>
        <translation>{login} 已启用</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="234" />
        <source>{login} is removed</source>
        <translation>{login} 已删除</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="238" />
        <source>enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="240" />
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="251" />
        <source>{n} grids published as version 1</source>
        <translation>已发布 {n} 个网格（第 1 版）</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="254" />
        <source>department {code} saved</source>
        <translation>专业部门 {code} 已保存</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="257" />
        <source>department {code} removed</source>
        <translation>专业部门 {code} 已删除</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="260" />
        <source>class {kind} {code} saved</source>
        <translation>类别 {kind} {code} 已保存</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="264" />
        <source>skipped {code}: {reason}</source>
        <translation>已跳过 {code}：{reason}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="265" />
        <source>{n} classes saved</source>
        <translation>已保存 {n} 个类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="286" />
        <source>time zone {name}</source>
        <translation>时区 {name}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="295" />
        <source>photos up to {max} MB, kept in {where}</source>
        <translation>照片上限 {max} MB，保存在{where}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="297" />
        <source>the store</source>
        <translation>案件库中</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="307" />
        <source>{n} administrative units added</source>
        <translation>新增行政区划 {n} 个</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="313" />
        <source>{added} grids added, {revised} revised</source>
        <translation>新增网格 {added} 个，修订 {revised} 个</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="319" />
        <source>{n} parts added</source>
        <translation>新增部件 {n} 个</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="334" />
        <source>{n} calendar days loaded for {years}</source>
        <translation>已载入 {years} 年日历 {n} 天</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="338" />
        <source>working hours {value}</source>
        <translation>工作时间 {value}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/admin.py" line="341" />
        <source>{n} time limits set</source>
        <translation>已设置 {n} 条时限</translation>
    </message>
</context>
<context>
    <name>StoreAdministration</name>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="23" />
        <source>Shared case store (QGIS PostgreSQL connection)</source>
        <translation>共享案件库（QGIS PostgreSQL 连接）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="28" />
        <source>The QGIS PostgreSQL connection of the shared case store (the connection of the case dock); its login must be the store's administrator or a user of the command centre. No password is asked or stored.</source>
        <translation>共享案件库的 QGIS PostgreSQL 连接（即案件处理面板使用的连接）；其登录名必须是案件库管理员或指挥中心用户。不会询问或保存密码。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="38" />
        <source>GeoPackage case store</source>
        <translation>GeoPackage 案件库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="43" />
        <source>A single-desk case store (GeoPackage); leave empty for the shared store.</source>
        <translation>单机案件库（GeoPackage）；使用共享案件库时留空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="57" />
        <source>Choose either the GeoPackage case store or the shared case store connection, not both.</source>
        <translation>请选择 GeoPackage 案件库或共享案件库连接，二者只能选其一。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="64" />
        <source>Choose the shared case store connection.</source>
        <translation>请选择共享案件库连接。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="66" />
        <source>Choose the GeoPackage case store or the shared case store connection.</source>
        <translation>请选择 GeoPackage 案件库或共享案件库连接。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="74" />
        <source>{path} is not a case store (a GeoPackage made by the case dock or the store administration).</source>
        <translation>{path} 不是案件库（案件库是由案件处理面板或案件库管理创建的 GeoPackage）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="85" />
        <source>The QGIS connection '{name}' does not exist.</source>
        <translation>QGIS 连接“{name}”不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/store_admin.py" line="93" />
        <source>The database of '{name}' holds no case store; ask its administrator to create it.</source>
        <translation>“{name}”的数据库中没有案件库；请联系其管理员创建。</translation>
    </message>
</context>
<context>
    <name>StoreReference</name>
    <message>
        <location filename="../grid_manager/store/reference.py" line="16" />
        <source>{path}, row {row}, field {field}: '{value}' {why}</source>
        <translation>{path}，第 {row} 行，字段 {field}：“{value}”{why}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="25" />
        <source>is not a code of {n} digits</source>
        <translation>不是 {n} 位编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="31" />
        <location filename="../grid_manager/store/reference.py" line="74" />
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="37" />
        <source>{path}: missing columns {columns}</source>
        <translation>{path}：缺少列 {columns}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="52" />
        <source>is not a 12-digit code inside its street</source>
        <translation>不是所属街道下的 12 位编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="77" />
        <source>{path} has no coordinate reference system.</source>
        <translation>{path} 没有坐标参考系。</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="83" />
        <source>{path}: missing field {field}</source>
        <translation>{path}：缺少字段 {field}</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="107" />
        <source>has several parts</source>
        <translation>有多个部分</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="123" />
        <source>is not a 14- or 15-digit grid code</source>
        <translation>不是 14 位或 15 位的网格编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="127" />
        <source>is not a community of the store</source>
        <translation>不是案件库中的社区</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="136" />
        <source>is not a valid polygon</source>
        <translation>不是有效的面</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="164" />
        <source>is empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="171" />
        <source>has no part class of the store</source>
        <translation>在案件库中没有对应的部件类别</translation>
    </message>
    <message>
        <location filename="../grid_manager/store/reference.py" line="180" />
        <source>is not a point</source>
        <translation>不是点</translation>
    </message>
</context>
<context>
    <name>SurveyIO</name>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="182" />
        <source>{source}: the file has no data (no header row).</source>
        <translation>{source}：文件没有数据（没有表头行）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="192" />
        <source>{source}: {n} line(s) above the header row were skipped.</source>
        <translation>{source}：已跳过表头行上方的 {n} 行。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="199" />
        <source>{source}: {n} row(s) have more cells than the header; the extra cells are kept as {column}.</source>
        <translation>{source}：有 {n} 行的单元格多于表头；多出的单元格保存在 {column} 等列中。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="219" />
        <source>{source}: {n} cell(s) longer than {max} characters were cut to {max} (the first: row {row}, field '{field}', {length} characters).</source>
        <translation>{source}：{n} 个超过 {max} 个字符的单元格被截断为 {max} 个字符（第一个：第 {row} 行，字段“{field}”，{length} 个字符）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="289" />
        <location filename="../grid_manager/formats/survey_io.py" line="553" />
        <location filename="../grid_manager/formats/survey_io.py" line="652" />
        <location filename="../grid_manager/formats/survey_io.py" line="677" />
        <source>Cannot read {source}: {error}</source>
        <translation>无法读取 {source}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="305" />
        <source>{source}: some bytes are neither UTF-8 nor GBK and were replaced.</source>
        <translation>{source}：部分字节既不是 UTF-8 也不是 GBK 编码，已被替换。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="409" />
        <source>Cannot read {source} as an Excel workbook: {error}</source>
        <translation>无法将 {source} 作为 Excel 工作簿读取：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="415" />
        <source>{source} has no sheet '{sheet}'.</source>
        <translation>{source} 中没有工作表“{sheet}”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="428" />
        <source>Cannot read {source}, sheet '{sheet}': {error}</source>
        <translation>无法读取 {source} 的工作表“{sheet}”：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="522" />
        <source>{source}: {n} merged cell range(s) were read as their value on every row they span (e.g. {range}: '{value}').</source>
        <translation>{source}：{n} 个合并单元格区域在其跨越的每一行都按合并值读取（例如 {range}：“{value}”）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="530" />
        <source>{source}: {n} cell(s) hold formulas without a saved value; they are read as text.</source>
        <translation>{source}：{n} 个单元格含有未保存计算结果的公式，按文本读取。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="602" />
        <source>{source}: {n} feature(s) are not points and are placed by a point on their surface.</source>
        <translation>{source}：{n} 个要素不是点，以其内部的一点定位。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="619" />
        <location filename="../grid_manager/formats/survey_io.py" line="643" />
        <source>The survey file {source} does not exist.</source>
        <translation>普查文件 {source} 不存在。</translation>
    </message>
    <message>
        <location filename="../grid_manager/formats/survey_io.py" line="627" />
        <source>{source} is an old Excel 97-2003 workbook: save it as .xlsx or .csv first.</source>
        <translation>{source} 是旧版 Excel 97-2003 工作簿：请先另存为 .xlsx 或 .csv。</translation>
    </message>
</context>
<context>
    <name>SurveyImport</name>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="80" />
        <source>{layer}, feature {fid}: the field 'grid_code' is empty.</source>
        <translation>{layer} 要素 {fid}：字段“grid_code”为空。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="88" />
        <source>{layer}, feature {fid}: the grid has no geometry.</source>
        <translation>{layer} 要素 {fid}：网格没有几何。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="330" />
        <source>{source} has no field '{field}' (chosen as {role}).</source>
        <translation>{source} 中没有字段“{field}”（被选作{role}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="338" />
        <source>{source}: no field for the {role} was given and none of the columns ({columns}) looks like one.</source>
        <translation>{source}：未指定{role}字段，且各列（{columns}）中没有可识别为该字段的列。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="379" />
        <source>The coordinate system of {what} is not understood: {error}</source>
        <translation>无法识别 {what} 的坐标系：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="433" />
        <source>part code</source>
        <translation>部件编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="436" />
        <source>X coordinate</source>
        <translation>X 坐标</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="437" />
        <source>Y coordinate</source>
        <translation>Y 坐标</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="440" />
        <source>{source}: the X and Y coordinates cannot both come from the field '{field}'.</source>
        <translation>{source}：X 和 Y 坐标不能取自同一字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="451" />
        <source>The county code '{county}' must have 6 digits.</source>
        <translation>区县代码“{county}”必须为 6 位数字。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="482" />
        <source>Choose the source coordinate system (SOURCE_CRS) when the coordinates are in another CRS.</source>
        <translation>坐标为其他坐标系时，请选择源坐标系（SOURCE_CRS）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="494" />
        <source>{source} has no coordinate system and its coordinates are not longitude/latitude: choose the source coordinate system.</source>
        <translation>{source} 没有坐标系，且其坐标不是经纬度：请选择源坐标系。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="503" />
        <source>{source} has no coordinate system: the coordinates are taken as WGS84 longitude/latitude.</source>
        <translation>{source} 没有坐标系：坐标按 WGS84 经纬度处理。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="516" />
        <source>{source}: {n} row(s) had X and Y exchanged (latitude/northing first) and were read the other way round.</source>
        <translation>{source}：{n} 行的 X 与 Y 颠倒（纬度/北坐标在前），已按正确顺序读取。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="579" />
        <source>Internal error: {a} accepted + {r} rejected rows do not add up to {n} input rows.</source>
        <translation>内部错误：接收 {a} 行 + 拒绝 {r} 行不等于输入的 {n} 行。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="623" />
        <source>{n} 12-digit code(s) have a serial above 999999 that does not fit the 16-digit GB/T 30428.2 code; their code_16 is left empty (rows {rows}).</source>
        <translation>{n} 个 12 位编码的流水号大于 999999，无法转换为 16 位 GB/T 30428.2 编码；其 code_16 留空（行 {rows}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="659" />
        <source>the row is empty</source>
        <translation>该行为空</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="661" />
        <source>the coordinates are missing</source>
        <translation>坐标缺失</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="663" />
        <source>the coordinates are not numbers</source>
        <translation>坐标不是数字</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="665" />
        <source>the coordinates are outside the valid range of the coordinate system</source>
        <translation>坐标超出坐标系的有效范围</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="668" />
        <source>the code {code} repeats row {first} at the same location</source>
        <translation>编码 {code} 与第 {first} 行重复（同一位置）</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="673" />
        <source>the code {code} was already used in row {first}, {distance} m away</source>
        <translation>编码 {code} 已在第 {first} 行使用，相距 {distance} 米</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="677" />
        <source>the part lies outside every grid</source>
        <translation>部件不在任何网格内</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="724" />
        <source>The output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="728" />
        <source>{what} {value} is not a file: choose a file (GeoPackage, Shapefile, GeoJSON, CSV…).</source>
        <translation>{what} {value} 不是文件：请选择文件（GeoPackage、Shapefile、GeoJSON、CSV…）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="736" />
        <source>{what} {path} is a folder, not a file.</source>
        <translation>{what} {path} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="740" />
        <source>{what} {path} cannot be written: the folder {folder} does not exist.</source>
        <translation>{what} {path} 无法写入：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="746" />
        <source>{what} {path} cannot be written: no permission to write in {folder}.</source>
        <translation>{what} {path} 无法写入：没有在 {folder} 中写入的权限。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="757" />
        <source>{what} {path} is not a GeoPackage: the layer {layer} cannot be added to it.</source>
        <translation>{what} {path} 不是 GeoPackage：无法向其中添加图层 {layer}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="765" />
        <source>{what} {path} is an existing GeoPackage holding other layers ({layers}): writing to it as a file would replace them, so nothing was written. To add the output as a layer and keep the others, give '{path}|layername={layer}' (in the dialog: Save to GeoPackage…); or choose another file.</source>
        <translation>{what} {path} 是已有的 GeoPackage，包含其他图层（{layers}）：作为整个文件写入会覆盖它们，因此未写入任何内容。若要将输出作为图层添加并保留其他图层，请给出“{path}|layername={layer}”（对话框中：保存到 GeoPackage…）；或选择其他文件。</translation>
    </message>
    <message>
        <location filename="../grid_manager/parts/survey_import.py" line="885" />
        <location filename="../grid_manager/parts/survey_import.py" line="902" />
        <location filename="../grid_manager/parts/survey_import.py" line="923" />
        <location filename="../grid_manager/parts/survey_import.py" line="934" />
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
</context>
<context>
    <name>UpdateInventoryAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="48" />
        <source>Update part inventory from a new survey</source>
        <translation>用新普查更新部件台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="51" />
        <source>City parts</source>
        <translation>城市部件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="57" />
        <source>Compares a new survey (the parts imported with 'Import part survey') with the part inventory by code and reports every part as new, unchanged, moved (further than the threshold), attributes changed (class, name, status, owner department, grid), moved and changed, or missing from the new survey.
Missing parts are flagged (inv_state = 'missing'), never deleted.
The inventory is either a GeoPackage layer (created by the first run), or the parts of a case store: a GeoPackage case store given as the inventory file, or the shared PostGIS case store chosen by its QGIS PostgreSQL connection (credentials come from the connection or the QGIS authentication manager). Give one of the two. In a case store, only users with the planner role may apply changes; every change is kept in the history (part_history, inventory_runs) and a run is refused when someone else updated the inventory after the comparison.
The changes are applied in one transaction and the change report is written inside it, before the commit: a failure or a cancellation (including a report that cannot be written) leaves the inventory exactly as it was. The report cannot be written into the inventory file. Untick 'Apply' for a dry run that only writes the change report.</source>
        <translation>按编码将新普查（用“导入部件普查”导入的部件）与部件台账比对，把每个部件报告为新增、未变、位移（超过阈值）、属性变更（小类、名称、状态、权属部门、网格）、位移且属性变更，或新普查中缺失。
缺失的部件只做标记（inv_state = 'missing'），从不删除。
台账可以是 GeoPackage 图层（首次运行时创建），也可以是案件库中的部件：作为台账文件给出的 GeoPackage 案件库，或按 QGIS PostgreSQL 连接选择的共享 PostGIS 案件库（凭据来自该连接或 QGIS 认证管理器）。两者只能给出其一。在案件库中，只有具有台账管理员（planner）角色的用户才能应用变更；每项变更都保存在历史中（part_history、inventory_runs），如果在比对之后有他人更新了台账，本次更新将被拒绝。
变更在一个事务中应用，变更报告在该事务内、提交之前写出：中途失败或取消（包括报告无法写入）时，台账保持原样。报告不能写入台账文件。取消勾选“应用”即为试运行，只输出变更报告。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="78" />
        <source>New survey (imported parts)</source>
        <translation>新普查（已导入的部件）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="82" />
        <source>Inventory GeoPackage (created when missing)</source>
        <translation>部件台账 GeoPackage（不存在时创建）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="85" />
        <source>A GeoPackage holding the inventory layer, or a GeoPackage case store (its parts are the inventory). Leave empty when the inventory is the shared case store.</source>
        <translation>包含台账图层的 GeoPackage，或 GeoPackage 案件库（其中的部件即台账）。台账为共享案件库时留空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="92" />
        <source>Shared case store (QGIS PostgreSQL connection)</source>
        <translation>共享案件库（QGIS PostgreSQL 连接）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="95" />
        <source>The QGIS PostgreSQL connection of the shared case store whose parts are the inventory (the connection of the case dock). Applying needs the planner role; no password is asked or stored.</source>
        <translation>共享案件库的 QGIS PostgreSQL 连接（即案件处理面板所用的连接），其中的部件即台账。应用变更需要台账管理员（planner）角色；不询问也不保存密码。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="101" />
        <source>Inventory layer</source>
        <translation>台账图层</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="102" />
        <source>The layer of the inventory GeoPackage (not used for a case store).</source>
        <translation>台账 GeoPackage 中的图层（案件库不使用）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="107" />
        <source>Moved when further than (metres)</source>
        <translation>位移超过此距离视为位置变化（米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="114" />
        <source>Apply the changes to the inventory</source>
        <translation>将变更应用到台账</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="117" />
        <source>Change report</source>
        <translation>变更报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="126" />
        <source>Incorrect parameter value for {name}</source>
        <translation>参数 {name} 的值不正确</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="138" />
        <location filename="../processing/algorithms/update_inventory.py" line="206" />
        <location filename="../processing/algorithms/update_inventory.py" line="223" />
        <source>The change report</source>
        <translation>变更报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="141" />
        <source>{error} Nothing was applied: the inventory {inventory} was not changed.</source>
        <translation>{error} 未应用任何变更：台账 {inventory} 未被更改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="152" />
        <source>{error} The change report {report} was written before the commit: it lists changes that were NOT applied; the inventory {inventory} was not changed.</source>
        <translation>{error} 变更报告 {report} 已在提交前写出：其中列出的变更并未应用；台账 {inventory} 未被更改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="162" />
        <source>Cancelled: the inventory {path} was not changed.</source>
        <translation>已取消：部件台账 {path} 未被修改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="167" />
        <source>{new} new, {unchanged} unchanged, {moved} moved, {changed} changed, {moved_changed} moved and changed, {missing} missing from the new survey.</source>
        <translation>新增 {new}，未变 {unchanged}，位置变化 {moved}，属性变化 {changed}，位置和属性均变化 {moved_changed}，新普查中缺失 {missing}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="174" />
        <source>The part inventory of the case store {store} was updated (run {run}).</source>
        <translation>案件库 {store} 的部件台账已更新（第 {run} 次更新）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="180" />
        <source>The inventory {path} (layer {layer}) was updated.</source>
        <translation>部件台账 {path}（图层 {layer}）已更新。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="185" />
        <source>Dry run: the inventory was not changed.</source>
        <translation>试运行：部件台账未被修改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="188" />
        <source>The cancellation came after the changes were committed: the inventory {path} was updated and the change report written, as reported above.</source>
        <translation>取消发生在变更提交之后：台账 {path} 已更新，变更报告已写出，如上所述。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="194" />
        <source>Inventory changes</source>
        <translation>台账变更</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="210" />
        <source>The change report {report} would be written into the inventory {inventory}: choose another file for the report. Nothing was changed.</source>
        <translation>变更报告 {report} 将写入台账 {inventory}：请为报告选择其他文件。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="218" />
        <source>The change report {report} would replace the new survey {survey}: choose another file for the report. Nothing was changed.</source>
        <translation>变更报告 {report} 将覆盖新普查 {survey}：请为报告选择其他文件。未做任何更改。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="237" />
        <source>The new survey cannot be opened.</source>
        <translation>无法打开新普查数据。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="266" />
        <source>Choose either the inventory GeoPackage or the shared case store connection, not both.</source>
        <translation>请在台账 GeoPackage 与共享案件库连接中选择其一，不要同时给出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="270" />
        <source>Choose the inventory GeoPackage or the shared case store connection.</source>
        <translation>请选择台账 GeoPackage 或共享案件库连接。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="285" />
        <source>The QGIS connection '{name}' does not exist.</source>
        <translation>QGIS 连接“{name}”不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="291" />
        <source>The database of '{name}' holds no case store; ask its administrator to create it.</source>
        <translation>连接“{name}”的数据库中没有案件库，请联系管理员创建。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="297" />
        <source>The case store of '{name}' has no part inventory yet (its schema is older than this plugin); ask its administrator to upgrade it (store administration: migrate).</source>
        <translation>连接“{name}”的案件库还没有部件台账（其数据库结构早于本插件版本），请联系管理员升级（案件库管理：migrate）。</translation>
    </message>
</context>
<context>
    <name>Validation</name>
    <message>
        <location filename="../processing/algorithms/validation.py" line="209" />
        <source>{parameter}: {value} is not a finite number.</source>
        <translation>{parameter}：{value} 不是有限数值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="216" />
        <source>{parameter}: {value} is below the minimum {minimum}.</source>
        <translation>{parameter}：{value} 小于最小值 {minimum}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="222" />
        <source>{parameter}: {value} is above the maximum {maximum}.</source>
        <translation>{parameter}：{value} 大于最大值 {maximum}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="255" />
        <source>{parameter}: the layer {value} cannot be opened.</source>
        <translation>{parameter}：无法打开图层 {value}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="288" />
        <location filename="../processing/algorithms/validation.py" line="377" />
        <source>{layer} ({parameter}) has no defined coordinate system ({crs}): its coordinates cannot be placed. Set the layer's coordinate system (Layer Properties › Source) and run again.</source>
        <translation>{layer}（{parameter}）没有定义坐标系（{crs}）：无法确定其坐标的位置。请设置图层的坐标系（图层属性 › 源）后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="295" />
        <location filename="../processing/algorithms/validation.py" line="786" />
        <source>no coordinate system</source>
        <translation>无坐标系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="352" />
        <source>{layer} ({parameter}) is a table without geometry; this input needs a layer with {kinds}.</source>
        <translation>{layer}（{parameter}）是没有几何的表格；此输入需要含{kinds}的图层。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="366" />
        <source>{layer} ({parameter}) holds {found}; this input needs {kinds}.</source>
        <translation>{layer}（{parameter}）中是{found}；此输入需要{kinds}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="385" />
        <source>{layer} has curved geometries ({type}): they are approximated by straight segments.</source>
        <translation>{layer} 含曲线几何（{type}）：已用直线段近似。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="403" />
        <location filename="../processing/algorithms/validation.py" line="410" />
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="404" />
        <location filename="../processing/algorithms/validation.py" line="411" />
        <source>lines</source>
        <translation>线</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="405" />
        <location filename="../processing/algorithms/validation.py" line="412" />
        <location filename="../processing/algorithms/validation.py" line="919" />
        <source>polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="406" />
        <source>no geometry</source>
        <translation>无几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="415" />
        <location filename="../processing/algorithms/validation.py" line="860" />
        <source> or </source>
        <translation>或</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="415" />
        <source>geometries</source>
        <translation>几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="426" />
        <source>{layer}: {n} features have no geometry (NULL or empty), e.g. feature {fid}. Draw or delete them and run again.</source>
        <translation>{layer}：{n} 个要素没有几何（NULL 或空），例如要素 {fid}。请绘制或删除这些要素后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="442" />
        <source>invalid geometry</source>
        <translation>无效几何</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="453" />
        <source>{layer}: feature {fid} is not a valid polygon: {reason}{where}. Repair it (Processing › Fix geometries) and run again.</source>
        <translation>{layer}：要素 {fid} 不是有效的面：{reason}{where}。请修复（处理 › 修复几何）后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="458" />
        <source>An input geometry could not be processed ({error}). Repair invalid geometries (Processing › Fix geometries) and run again.</source>
        <translation>无法处理输入的某个几何（{error}）。请修复无效几何（处理 › 修复几何）后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="492" />
        <source>{layer}: features {a} and {b} overlap ({share:.0f} % of the smaller one); every grid must lie in exactly one area. Remove the duplicate or correct the boundaries ({n} overlapping pairs).</source>
        <translation>{layer}：要素 {a} 与 {b} 相互重叠（占较小者的 {share:.0f} %）；每个网格必须恰好位于一个区域内。请删除重复要素或修正边界（共 {n} 对重叠）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="535" />
        <source>{layer}: there is no field {field} ({parameter}). Its fields are: {fields}.</source>
        <translation>{layer}：没有字段{field}（{parameter}）。该图层的字段为：{fields}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="551" />
        <source>{layer}: field '{field}' ({parameter}) is of type {type}; it must be numeric.</source>
        <translation>{layer}：字段“{field}”（{parameter}）的类型为 {type}；必须是数值型。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="560" />
        <source>{layer}: field '{field}' ({parameter}) is of type {type}; it must hold numbers.</source>
        <translation>{layer}：字段“{field}”（{parameter}）的类型为 {type}；必须存放数字。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="623" />
        <source>{layer}: feature {fid}, field '{field}': {value} is not a finite number.</source>
        <translation>{layer}：要素 {fid}，字段“{field}”：{value} 不是有限数值。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="627" />
        <source>{layer}: feature {fid}, field '{field}': the weight {value} is out of range (at most {limit} in absolute value).</source>
        <translation>{layer}：要素 {fid}，字段“{field}”：权重 {value} 超出范围（绝对值至多 {limit}）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="633" />
        <source>{layer}: feature {fid}, field '{field}': {value} households is not a plausible number (at most {limit} for one feature).</source>
        <translation>{layer}：要素 {fid}，字段“{field}”：{value} 户不是合理的户数（单个要素至多 {limit} 户）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="661" />
        <source>{parameter}: the expression {expression} is not valid: {error}</source>
        <translation>{parameter}：表达式 {expression} 无效：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="677" />
        <source>{parameter}: the expression {expression} uses fields that {layer} does not have: {fields}.</source>
        <translation>{parameter}：表达式 {expression} 使用了 {layer} 中不存在的字段：{fields}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="694" />
        <source>{parameter}: the expression {expression} cannot be evaluated on {layer}: {error}</source>
        <translation>{parameter}：表达式 {expression} 无法在 {layer} 上求值：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="731" />
        <source>{parameter}: {path} is also the input {input}; writing it would destroy the input. Choose another file.</source>
        <translation>{parameter}：{path} 同时是输入 {input}；写入会破坏输入。请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="740" />
        <source>{parameter}: {path} is a case store; a case store is never overwritten by an output. Choose another file.</source>
        <translation>{parameter}：{path} 是案件库；案件库绝不会被输出覆盖。请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="748" />
        <source>{parameter}: {path} holds a part inventory; an inventory is never overwritten by an output. Choose another file.</source>
        <translation>{parameter}：{path} 中有部件台账；台账绝不会被输出覆盖。请选择其他文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="757" />
        <source>{first} and {second} are the same file {path}: choose two different outputs.</source>
        <translation>{first} 与 {second} 是同一个文件 {path}：请为两个输出选择不同的文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="766" />
        <source>{parameter}: the folder {folder} does not exist.</source>
        <translation>{parameter}：文件夹 {folder} 不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="772" />
        <source>{parameter}: {path} is a folder, not a file.</source>
        <translation>{parameter}：{path} 是文件夹，不是文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="778" />
        <source>{parameter}: {path} cannot be written (no write permission in {folder}).</source>
        <translation>{parameter}：无法写入 {path}（对 {folder} 没有写权限）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="787" />
        <source>an undefined coordinate system</source>
        <translation>未定义的坐标系</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="818" />
        <source>{layer}: {n} cases have a report time ({field}) that is not a date and time, e.g. feature {fid}: '{value}'.</source>
        <translation>{layer}：{n} 个案件的上报时间（{field}）不是日期时间，例如要素 {fid}：“{value}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="829" />
        <source>{layer}: {n} cases have no report time ({field}), e.g. feature {fid}: they are outside every time window and period.</source>
        <translation>{layer}：{n} 个案件没有上报时间（{field}），例如要素 {fid}：它们不属于任何时间窗口和周期。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="850" />
        <source>{layer} has none of the case fields ({fields}): it is not a case layer (use the case store's cases_analysis export or a layer with the same fields).</source>
        <translation>{layer} 不含任何案件字段（{fields}）：它不是案件图层（请使用案件库导出的 cases_analysis 或字段相同的图层）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="859" />
        <source>{layer} has no field {fields}: {why}</source>
        <translation>{layer} 没有字段 {fields}：{why}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="869" />
        <location filename="../processing/algorithms/validation.py" line="871" />
        <source>the evaluation needs the report time of every case.</source>
        <translation>综合评价需要每个案件的上报时间。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="879" />
        <source>the evaluation groups the cases by it.</source>
        <translation>综合评价按该字段对案件分组。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="886" />
        <source>cases are assigned by their grid_code.</source>
        <translation>案件按其 grid_code 归属网格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="888" />
        <source>time slices need the report time of every case.</source>
        <translation>时间切片需要每个案件的上报时间。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/validation.py" line="911" />
        <source>{parameter}: the layer {layer} of {path} holds {kind}, not points; an inventory of parts holds points. Choose the inventory's point layer or a new file.</source>
        <translation>{parameter}：{path} 中的图层 {layer} 是{kind}而不是点；部件台账存放的是点。请选择台账的点图层或一个新文件。</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <location filename="../grid_manager/grids/workbench.py" line="509" />
        <source>Only a grid with an area can be split, into 2 parts or more.</source>
        <translation>只有具有面积的网格才能拆分，且至少拆分为 2 块。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/workbench.py" line="541" />
        <source>This grid cannot be cut into {k} balanced parts between its buildings: the partition engine found {n}. Try another number of parts.</source>
        <translation>无法在建筑之间将此网格切分为 {k} 个均衡部分：划分引擎得到 {n} 个。请尝试其他块数。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/workbench.py" line="558" />
        <source>The selected grids do not share edges: only adjacent grids can be merged.</source>
        <translation>所选网格没有公共边：只能合并相邻网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/workbench.py" line="578" />
        <source>Select the grids to rebalance.</source>
        <translation>请选择要重新平衡的网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/workbench.py" line="639" />
        <source>The building does not lie in this grid.</source>
        <translation>该建筑不在此网格内。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/workbench.py" line="667" />
        <source>The building's piece of the grid touches no neighbouring grid of its community.</source>
        <translation>该建筑所在的网格单元不与本社区的任何相邻网格相接。</translation>
    </message>
    <message>
        <location filename="../grid_manager/grids/workbench.py" line="672" />
        <source>Moving this building would leave its grid in several parts or empty.</source>
        <translation>移动此建筑会使其网格分成多块或为空。</translation>
    </message>
</context>
<context>
    <name>WorkingTime</name>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="58" />
        <source>verification (核实)</source>
        <translation>核实</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="59" />
        <source>registration (立案)</source>
        <translation>立案</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="60" />
        <source>dispatch (派遣)</source>
        <translation>派遣</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="61" />
        <source>handling (处置)</source>
        <translation>处置</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="62" />
        <source>check (核查)</source>
        <translation>核查</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="63" />
        <source>closing (结案)</source>
        <translation>结案</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="73" />
        <source>Invalid working hours '{value}' (setting working_hours): {detail}. Write periods such as 08:30-12:00,13:30-17:30.</source>
        <translation>工作时间“{value}”无效（设置 working_hours）：{detail}。请按 08:30-12:00,13:30-17:30 的格式填写时段。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="81" />
        <source>no period</source>
        <translation>没有时段</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="86" />
        <source>'{part}' is not a period HH:MM-HH:MM</source>
        <translation>“{part}”不是 HH:MM-HH:MM 形式的时段</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="89" />
        <source>'{part}' is not a time of day</source>
        <translation>“{part}”不是有效的时刻</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="92" />
        <source>'{part}' ends before it starts</source>
        <translation>“{part}”的结束时间早于开始时间</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="95" />
        <source>'{part}' overlaps or precedes the period before it</source>
        <translation>“{part}”与前一时段重叠或早于前一时段</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="127" />
        <source>Cannot read {path}: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="130" />
        <source>{path} holds no rows.</source>
        <translation>{path} 中没有数据行。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="148" />
        <source>{path}: the column(s) {columns} are missing (need date, working, note).</source>
        <translation>{path}：缺少列 {columns}（需要 date、working、note）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="159" />
        <source>{path}, line {line}: '{value}' is not a date YYYY-MM-DD (field date).</source>
        <translation>{path} 第 {line} 行：“{value}”不是 YYYY-MM-DD 格式的日期（字段 date）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="166" />
        <source>{path}, line {line}: {value} is outside 2000–2099 (field date).</source>
        <translation>{path} 第 {line} 行：{value} 不在 2000–2099 年之间（字段 date）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="174" />
        <source>{path}, line {line}: '{value}' is not true or false (field working).</source>
        <translation>{path} 第 {line} 行：“{value}”不是 true 或 false（字段 working）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="181" />
        <source>{path}, line {line}: {value} is already on line {first} (field date).</source>
        <translation>{path} 第 {line} 行：{value} 已出现在第 {first} 行（字段 date）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="202" />
        <source>{path}: the column(s) {columns} are missing (need {need}).</source>
        <translation>{path}：缺少列 {columns}（需要 {need}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="210" />
        <source>{path}, line {line}: {problem} (field {field}).</source>
        <translation>{path} 第 {line} 行：{problem}（字段 {field}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="218" />
        <source>'{value}' is not part or event</source>
        <translation>“{value}”不是 part 或 event</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="221" />
        <source>the class is empty (use * for every class)</source>
        <translation>类别为空（所有类别请用 *）</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="224" />
        <source>'{value}' is not 0, 1 or *</source>
        <translation>“{value}”不是 0、1 或 *</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="231" />
        <source>'{value}' is not a stage</source>
        <translation>“{value}”不是有效环节</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="239" />
        <source>'{value}' is not a unit</source>
        <translation>“{value}”不是有效单位</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="244" />
        <source>'{value}' is not a positive number</source>
        <translation>“{value}”不是正数</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="254" />
        <source>'{value}' is not a number of hours between 0 and 8760</source>
        <translation>“{value}”不是 0 到 8760 之间的小时数</translation>
    </message>
    <message>
        <location filename="../grid_manager/cases/working_time.py" line="326" />
        <source>Unknown time unit '{unit}'.</source>
        <translation>未知的时间单位“{unit}”。</translation>
    </message>
</context>
<context>
    <name>WorkingTimeAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="32" />
        <source>Set working time and time limits of a case store</source>
        <translation>设置案件库的工作时间和时限</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="35" />
        <source>Cases</source>
        <translation>案件</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="41" />
        <source>Loads into a case store what its deadlines are counted in (处置时限 and the limits of the other stages, in working hours or working days):
- an official holiday list (CSV: date, working, note; e.g. resources/calendars/cn_2026.csv with the public holidays and the make-up working days 调休); the calendar rows of the years in the file are replaced, days not listed follow the Monday–Friday week;
- the working hours of a working day (e.g. 08:30-12:00,13:30-17:30) in the store's time zone;
- time limits (CSV: kind, class_code, urgency, stage, amount, unit[, max_extension_hours]); class_code * means every class of the kind, urgency * both urgencies; stages: verification, registration, dispatch, handling, check, closing; units: hours (clock hours), working_hours, working_days.
The store is a GeoPackage case store or the shared PostGIS case store chosen by its QGIS PostgreSQL connection; there only the command centre (role command) or the store's owner may change these, and every change is written to the working-time log. Everything given is loaded in one run; a file with errors is refused with every bad line named, before anything is written.</source>
        <translation>向案件库载入计算时限所依据的内容（处置时限及其他环节的时限，按工作小时或工作日计）：
- 官方节假日安排（CSV：date、working、note；例如 resources/calendars/cn_2026.csv，含法定节假日和调休上班日）；替换文件所含年份的日历，未列出的日期按周一至周五工作；
- 工作日的工作时间（例如 08:30-12:00,13:30-17:30），按案件库时区；
- 时限（CSV：kind、class_code、urgency、stage、amount、unit[、max_extension_hours]）；class_code 为 * 表示该种类的所有类别，urgency 为 * 表示两种紧急程度；环节：verification、registration、dispatch、handling、check、closing；单位：hours（自然小时）、working_hours、working_days。
案件库可以是 GeoPackage 案件库，也可以是通过 QGIS PostgreSQL 连接选择的共享 PostGIS 案件库；共享库中只有指挥中心（command 角色）或库所有者可以修改，每次修改都记入工作时间日志。一次运行载入所有给定内容；文件有错误时在写入任何内容之前拒绝，并指出每一个错误行。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="60" />
        <source>GeoPackage case store</source>
        <translation>GeoPackage 案件库</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="62" />
        <source>A GeoPackage case store. Leave empty for the shared case store.</source>
        <translation>GeoPackage 案件库。使用共享案件库时留空。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="65" />
        <source>Shared case store (QGIS PostgreSQL connection)</source>
        <translation>共享案件库（QGIS PostgreSQL 连接）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="67" />
        <source>The QGIS PostgreSQL connection of the shared case store (needs the command role).</source>
        <translation>共享案件库的 QGIS PostgreSQL 连接（需要 command 角色）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="70" />
        <source>Holiday calendar (CSV)</source>
        <translation>节假日日历（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="72" />
        <source>date,working,note: public holidays (false) and make-up working days (true).</source>
        <translation>date,working,note：法定节假日（false）和调休上班日（true）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="74" />
        <location filename="../processing/algorithms/working_time.py" line="84" />
        <source>Working hours</source>
        <translation>工作时间</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="75" />
        <source>Periods of a working day, e.g. 08:30-12:00,13:30-17:30. Empty: unchanged.</source>
        <translation>工作日的时段，例如 08:30-12:00,13:30-17:30。留空：不变。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="78" />
        <source>Time limits (CSV)</source>
        <translation>时限（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="80" />
        <source>kind,class_code,urgency,stage,amount,unit[,max_extension_hours].</source>
        <translation>kind,class_code,urgency,stage,amount,unit[,max_extension_hours]。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="82" />
        <source>Calendar days loaded</source>
        <translation>已载入的日历天数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="83" />
        <source>Time limits set</source>
        <translation>已设置的时限</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="91" />
        <source>Choose either the GeoPackage case store or the shared case store connection, not both.</source>
        <translation>请选择 GeoPackage 案件库或共享案件库连接之一，不能同时选择。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="95" />
        <source>{path} is not a case store.</source>
        <translation>{path} 不是案件库。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="105" />
        <source>Choose the GeoPackage case store or the shared case store connection.</source>
        <translation>请选择 GeoPackage 案件库或共享案件库连接。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="110" />
        <source>The QGIS connection '{name}' does not exist.</source>
        <translation>QGIS 连接“{name}”不存在。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="120" />
        <source>Give a holiday calendar, working hours or a time-limit file to load.</source>
        <translation>请给出要载入的节假日日历、工作时间或时限文件。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="132" />
        <source>{n} calendar days loaded for {years} into {store}.</source>
        <translation>已向 {store} 载入 {years} 年日历 {n} 天。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="142" />
        <source>{n} time limits set in {store}.</source>
        <translation>已在 {store} 中设置 {n} 条时限。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/working_time.py" line="144" />
        <source>Working hours: {hours}.</source>
        <translation>工作时间：{hours}。</translation>
    </message>
</context>
</TS>
