<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="94" />
        <source>Department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="99" />
        <source> h</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="101" />
        <source>as requested</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="102" />
        <source>Extension</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="105" />
        <source>Note</source>
        <translation type="unfinished">说明</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="107" />
        <source>photo paths or URLs, separated by ;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="108" />
        <source>Attachments</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CaseDensityAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="262" />
        <source>Case heatmap (kernel density)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="295" />
        <source>Cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="271" />
        <source>heatmap,kde,density,热力图,案件,cases,hotspot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="274" />
        <source>Kernel density raster of case points (案件热力图), computed exactly like QGIS's own Heatmap (Kernel Density Estimation) algorithm on the same parameters — same raster extent, size and values — but vectorised, so a million cases take a second or two.

Cases: a point layer (the case store's cases_analysis export or any layer with the same fields). Geographic layers are projected to a metric CRS first.
Radius: search radius in layer units. Pixel size: output cell size.
Kernel shape: 0 quartic, 1 triangular, 2 uniform, 3 triweight, 4 Epanechnikov (the numbering of QGIS's heatmap). Decay ratio: triangular kernel only.
Weight field: optional numeric field multiplying each case (empty values count 0).
Output values: raw (QGIS's default: a case at distance 0 adds 1) or scaled (each kernel integrates to 1).
Filters: case classes (codes or prefixes such as 01 or 0102), states, and a reporting time window [from, before). The raster keeps the extent of the whole layer, so filtered rasters line up cell by cell.

The raster is covered by the layer extent grown by the radius; cells no case reaches are nodata. Large inputs use a sub-pixel binned FFT evaluation that agrees with the exact sum to a correlation above 0.99999; the uniform kernel and small inputs are evaluated exactly.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="297" />
        <source>Radius</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="299" />
        <source>Pixel size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="301" />
        <source>Kernel shape</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="301" />
        <source>Quartic</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="301" />
        <source>Triangular</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="301" />
        <source>Uniform</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="301" />
        <source>Triweight</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="301" />
        <source>Epanechnikov</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="305" />
        <source>Weight field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="307" />
        <source>Decay ratio (triangular kernel only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="311" />
        <source>Output values</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="311" />
        <source>Raw</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="311" />
        <source>Scaled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="359" />
        <source>Case heatmap</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="328" />
        <source>The heatmap is written as GeoTIFF: choose a .tif file name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="342" />
        <source>{n} of {total} cases pass the filters.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="352" />
        <source>{n} cases lie too close to the edge of the raster for the kernel window and were skipped (as QGIS's heatmap does).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="356" />
        <source>Raster {cols} x {rows} cells, maximum density {max:.4g} ({method} evaluation).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CaseDock</name>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="540" />
        <source>Case handling</source>
        <translation type="unfinished">案件处理</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="100" />
        <source>reported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="100" />
        <source>verified</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="100" />
        <source>registered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="101" />
        <source>declined</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="101" />
        <source>dispatched</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="101" />
        <source>handled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="102" />
        <source>closed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="102" />
        <source>cancelled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="102" />
        <source>new</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="107" />
        <source>Report</source>
        <translation type="unfinished">报告</translation>
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="107" />
        <source>Verify</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="107" />
        <source>Register</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="108" />
        <source>Decline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="108" />
        <source>Dispatch…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="108" />
        <source>Handling note…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="109" />
        <source>Report back</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="109" />
        <source>On-site check passed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="110" />
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="110" />
        <source>Rework</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="110" />
        <source>Return (misdirected)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="111" />
        <source>Request extension…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="111" />
        <source>Approve extension</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="112" />
        <source>Refuse extension</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="112" />
        <source>Cancel case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="116" />
        <source>Inspector</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="116" />
        <source>Supervision centre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="117" />
        <source>Command centre</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="479" />
        <source>Department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="118" />
        <source>Viewer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="129" />
        <source>A QGIS PostgreSQL connection (credentials from QGIS) or a GeoPackage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="130" />
        <source>Connect</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="132" />
        <source>GeoPackage…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="140" />
        <source>Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="144" />
        <source>New case on map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="150" />
        <source>Filters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="158" />
        <source>grid code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="160" />
        <source>Overdue only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="161" />
        <source>Reported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="168" />
        <source>search code, description, part…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="470" />
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="472" />
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="174" />
        <source>Street</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="477" />
        <source>Community</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="476" />
        <source>Grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="228" />
        <source>Zoom and flash</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="262" />
        <source>PostgreSQL: {name}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="264" />
        <source>GeoPackage: {name}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="273" />
        <source>Open or create a case store</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="273" />
        <source>GeoPackage (*.gpkg)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="293" />
        <source>The QGIS connection '{name}' does not exist.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="298" />
        <source>The database of '{name}' holds no case store; ask its administrator to create it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="317" />
        <source>Connected as {user}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="341" />
        <source>All</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="472" />
        <source>part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="472" />
        <source>event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="394" />
        <source>{n} cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="398" />
        <source>overdue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="444" />
        <source>No case selected.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="470" />
        <source>(extension requested)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="475" />
        <source>Urgent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="475" />
        <source>yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="475" />
        <source>no</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="478" />
        <source>Part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="481" />
        <source>Deadline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="482" />
        <source>Rework / extensions / returns</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="485" />
        <source>OVERDUE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="494" />
        <source>History</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="533" />
        <source>Case {case}: {action} done.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dock.py" line="607" />
        <source>Case {case} reported in grid {grid}.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="25" />
        <source>Case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="25" />
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="25" />
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="25" />
        <source>Urgent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="26" />
        <source>Department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="26" />
        <source>Grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="26" />
        <source>Reported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_model.py" line="26" />
        <source>Deadline</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Catalogs</name>
    <message>
        <location filename="../grid_manager/core/catalogs.py" line="85" />
        <source>Cannot read the catalogue {path}: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/catalogs.py" line="98" />
        <source>The catalogue {path} is empty.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/catalogs.py" line="102" />
        <source>The catalogue {path} has no column '{field}'.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>CheckGridsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="47" />
        <source>Check grid quality</source>
        <translation>网格质量检查</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="73" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="56" />
        <source>grid,网格,质量,检查,quality,check,gap,overlap,topology</source>
        <translation>grid,网格,质量,检查,拓扑,缝隙,重叠,quality,check</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="59" />
        <source>Checks any grid layer — generated or drawn by hand — and writes one feature per problem, with a summary.

Problems found: invalid_geometry, multipart (a grid in several pieces), overlap (area shared by two grids), gap (part of an area, or a hole between grids, covered by no grid), crosses_area (part of a grid outside the area it mostly lies in), outside_areas, split_building (a building cut by a grid edge), missing_code, malformed_code (not 15 digits), duplicate_code, code_area_mismatch (the code does not start with the 12-digit code of its area), out_of_tolerance (area or households further from the target than the tolerance) and low_compactness (Polsby-Popper below the minimum).

Areas, buildings and households are optional: checks that need them are skipped without them. Households of a building count for the grid holding most of it.</source>
        <translation>检查任意网格图层（自动生成或手工绘制），每个问题输出一个要素，并给出汇总。

检查的问题：invalid_geometry（无效几何）、multipart（网格由多块组成）、overlap（两个网格重叠）、gap（区域内或网格之间未被任何网格覆盖的缝隙）、crosses_area（网格有部分位于其主要所在区域之外）、outside_areas（网格不在任何区域内）、split_building（建筑被网格边界切割）、missing_code（缺少编码）、malformed_code（编码不是 15 位数字）、duplicate_code（编码重复）、code_area_mismatch（编码不以所在区域的 12 位编码开头）、out_of_tolerance（面积或户数偏离目标超过容差）和 low_compactness（紧凑度 Polsby-Popper 低于最小值）。

区域、建筑和户数均为可选：缺少时跳过需要它们的检查。建筑的户数计入包含其大部分面积的网格。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="75" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="78" />
        <source>Areas (communities)</source>
        <translation>区域（社区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="80" />
        <source>Area code field</source>
        <translation>区域编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="82" />
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="84" />
        <source>Household field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="86" />
        <source>Check balance by</source>
        <translation>均衡检查方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="86" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="86" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="86" />
        <source>Area and households</source>
        <translation>面积和户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="86" />
        <source>Do not check balance</source>
        <translation>不检查均衡</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="90" />
        <source>Target grid area (m²)</source>
        <translation>目标网格面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="93" />
        <source>Target households per grid</source>
        <translation>每个网格目标户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="96" />
        <source>Tolerance (%)</source>
        <translation>容差（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="99" />
        <source>Minimum compactness (Polsby-Popper)</source>
        <translation>最小紧凑度（Polsby-Popper）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="177" />
        <source>Grid problems</source>
        <translation>网格问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="104" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="104" />
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="113" />
        <source>{layer}: there is no field '{field}' for the grid codes.</source>
        <translation>{layer}：没有用作网格编码的字段“{field}”。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="121" />
        <source>Checking the household balance needs a buildings layer and its household field.</source>
        <translation>检查户数均衡需要建筑图层及其户数字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="127" />
        <source>Reading grids…</source>
        <translation>正在读取网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="130" />
        <source>{layer}: the layer has no features.</source>
        <translation>{layer}：图层没有要素。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="146" />
        <source>Checking {n} grids…</source>
        <translation>正在检查 {n} 个网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="197" />
        <source>{n} grids checked, {p} problems found.</source>
        <translation>已检查 {n} 个网格，发现 {p} 个问题。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="196" />
        <source>Grid quality report: {layer}</source>
        <translation>网格质量报告：{layer}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="198" />
        <source>Mean compactness (Polsby-Popper): {pp}</source>
        <translation>平均紧凑度（Polsby-Popper）：{pp}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="199" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="199" />
        <source>Key</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/check_grids.py" line="199" />
        <source>Count</source>
        <translation>数量</translation>
    </message>
</context>
<context>
    <name>Codes</name>
    <message>
        <location filename="../grid_manager/core/codes.py" line="66" />
        <source>Detect by length (12, 16 or 17 digits)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="67" />
        <source>12-digit survey code (2 major + 2 minor + 8 serial)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="68" />
        <source>16-digit GB/T 30428.2 (6 county + 2 major + 2 minor + 6 serial)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="69" />
        <source>17-digit GB/T 47678.5 (6 county + 2 major + 3 minor + 6 serial)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="90" />
        <source>Unknown code scheme '{scheme}'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="158" />
        <source>the part code is empty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="160" />
        <source>the part code '{code}' contains characters other than digits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="164" />
        <source>the part code '{code}' has {n} digits; the chosen scheme needs {expected}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="166" />
        <source>the part code '{code}' has {n} digits; expected 12, 16 or 17</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="169" />
        <source>the county segment '{county}' of the part code '{code}' is not a division code (GB/T 2260)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="172" />
        <source>the county segment '{county}' of the part code '{code}' does not match the district {expected}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="176" />
        <source>the class {major}-{minor} of the part code '{code}' is not in the catalogue</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="197" />
        <source>The county code '{county}' is not a 6-digit division code (GB/T 2260).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="215" />
        <source>The serial {serial} of the part code '{code}' does not fit in the 6 digits of GB/T 30428.2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/codes.py" line="220" />
        <source>'{code}' is not a 12-digit survey code.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ConvertChinaCoordsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="53" />
        <source>Convert Chinese web-map coordinates (GCJ-02 / BD-09)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="56" />
        <source>City parts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="62" />
        <source>Converts every vertex of a layer between WGS84, GCJ-02 (Amap, Tencent, Google China) and BD-09 (Baidu).
PROJ knows neither GCJ-02 nor BD-09: the layer's coordinate system only says 'longitude/latitude' (EPSG:4326 or CGCS2000 EPSG:4490), and this algorithm moves the coordinates themselves. The inverse conversions (to WGS84) are iterative and accurate to well under a decimetre; points outside China are left unchanged by GCJ-02, as the web maps do.
The output keeps the input's coordinate system and attributes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="73" />
        <source>WGS84 (GPS)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="73" />
        <source>GCJ-02 (Chinese web maps)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="73" />
        <source>BD-09 (Baidu)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="74" />
        <source>Input layer (longitude/latitude)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="76" />
        <source>Coordinates are in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="78" />
        <source>Convert to</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="80" />
        <source>Converted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="85" />
        <source>The input layer cannot be opened.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="88" />
        <source>The layer {layer} is in {crs}, a projected coordinate system: GCJ-02 and BD-09 are longitude/latitude. Reproject it to EPSG:4326 first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="97" />
        <source>The output cannot be created.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/convert_china_coords.py" line="108" />
        <source>{n} features converted.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Density</name>
    <message>
        <location filename="../grid_manager/core/density.py" line="127" />
        <source>{layer}: the radius must be a positive distance, not {value}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/density.py" line="130" />
        <source>{layer}: the pixel size must be positive, not {value}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/density.py" line="133" />
        <source>{layer}: unknown kernel shape {value}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/density.py" line="136" />
        <source>{layer}: there are no case points to estimate a density from (empty selection or no case matches the filters).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/density.py" line="157" />
        <source>{layer}: the raster would have {cols} x {rows} pixels; choose a larger pixel size.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/density.py" line="370" />
        <source>Cannot create the raster file {path}.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EvaluateAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="66" />
        <source>Evaluate grids and departments</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="103" />
        <source>Cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="75" />
        <source>evaluation,综合评价,考核,score,立案率,按期处置率,结案率,返工率,department</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="78" />
        <source>Case-handling indicators (综合评价) per grid, community, street or department and period, a composite score and a five-level class, as a styled choropleth and a table.

A case belongs to the period of its reported_at; the evaluation time (as of) defaults to the latest timestamp in the data. Counts: reported = reported cases except cancelled ones; registered = reported with registered_at; due = registered whose deadline had passed at the evaluation time, or handled; on time = due and handled no later than the deadline; handled = due with handled_at; overdue = due not handled by the deadline; closed = registered with closed_at; due for closing = registered and handled or closed; rework = due for closing with rework_count &gt; 0; extended = registered with extension_count &gt; 0.
立案率 registration rate = registered / reported. 按期处置率 on-time rate = on time / due. 处置率 handling rate = handled / due. 结案率 closing rate = closed / registered. 返工率 rework rate = rework / due for closing. 延期率 extension rate = extended / registered. 超期率 overdue rate = overdue / due. Mean handling hours = mean of handled_at − dispatched_at. A rate with a zero denominator is empty.
Score = weighted mean of the indicator scores (100 × rate; 100 × (1 − rate) for 返工率 and 延期率): 按期处置率 30 %, 处置率 20 %, 结案率 20 %, 返工率 15 %, 延期率 15 %. Levels: 1 excellent ≥ 90, 2 good ≥ 80, 3 fair ≥ 70, 4 poor ≥ 60, 5 very poor &lt; 60.
Community and street codes come from the case fields or the first 12 / 9 digits of the grid code. The map needs the grid layer (communities and streets are dissolved from their grids); departments have no geometry and get the table only. With a period the map holds one feature per unit and period, ready for the temporal controller.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="105" />
        <source>Grids (for the map)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="107" />
        <source>Grid code field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="109" />
        <source>Evaluate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="109" />
        <source>Grids</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="109" />
        <source>Communities</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="109" />
        <source>Streets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="109" />
        <source>Departments</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="113" />
        <source>Period</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="113" />
        <source>Whole time window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="113" />
        <source>Week</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="113" />
        <source>Month</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="113" />
        <source>Quarter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="113" />
        <source>Year</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="117" />
        <source>Evaluation time (as of)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="120" />
        <source>Evaluation map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="183" />
        <source>Evaluation table</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="144" />
        <source>{n} cases have no {field}: left out of the evaluation.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="146" />
        <source>{n} units evaluated.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="178" />
        <source>{n} evaluated units have no grid polygon and are only in the table.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="182" />
        <source>Evaluation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="201" />
        <source>Departments have no geometry: only the table is written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="205" />
        <source>No grid layer given: only the table is written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/evaluate.py" line="209" />
        <source>The grid layer has no field {field}.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Evaluation</name>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="69" />
        <source>Excellent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="69" />
        <source>Good</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="70" />
        <source>Fair</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="70" />
        <source>Poor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="71" />
        <source>Very poor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="88" />
        <source>{layer}: feature {fid}, field {field}: {value!r} is not a date and time.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="191" />
        <source>{layer}: there are no cases to evaluate (empty layer or selection).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="200" />
        <source>{layer}: no case was reported in the chosen time window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="215" />
        <source>{layer}: no case has a value in field {field}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/evaluation.py" line="257" />
        <source>{layer}: the filter needs field {field}, which the layer does not have.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GridCaseStatsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="114" />
        <source>Grid case statistics and hot spots</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="151" />
        <source>Cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="123" />
        <source>hotspot,热点,Gi*,Getis-Ord,统计,count,rate,cases,网格</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="126" />
        <source>Counts the cases of every grid (网格案件统计), computes rates per 1,000 households and per km², and finds hot and cold spots with the Getis-Ord Gi* statistic.

Cases: point layer with the case fields (cases_analysis). Grids: polygons with a grid code field and optionally households.
Assign cases: by location (the grid polygon containing the case; a case on a shared boundary goes to one grid only) or by the case's grid_code field. Cases in no grid are counted as unassigned and reported.
When the cases come from PostGIS the counting runs in the database (one aggregate query).
Gi* on: the count, the rate per 1,000 households or the rate per km². Neighbours: queen contiguity (grids sharing a boundary point) or a distance band between grid centroids; every grid is its own neighbour (Gi*).
z = (Σ_j w_ij y_j − ȳ k_i) / (s √((n k_i − k_i²)/(n − 1))) with binary weights, k_i the neighbourhood size including the grid.
gi_p: conditional-permutation pseudo p-value (one-sided, folded, PERMUTATIONS draws, SEED for reproducible runs); gi_p_fdr: Benjamini-Hochberg adjusted. hotspot_class: +3/+2/+1 hot spot and −3/−2/−1 cold spot at 99/95/90 % (p below 0.01/0.05/0.10, FDR-adjusted unless FDR is off), 0 not significant.
Rates are empty (NULL), never infinite, for grids without households or area.
Period: with week/month/quarter/year, the time-slices output holds one feature per grid and period with period_start/period_end, ready for the temporal controller.
Filters: case classes (codes or prefixes), states and a reporting time window.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="153" />
        <source>Grids</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="155" />
        <source>Grid code field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="157" />
        <source>Household field</source>
        <translation type="unfinished">户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="159" />
        <source>Assign cases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="159" />
        <source>By location (grid polygon)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="159" />
        <source>By the case's grid_code field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="162" />
        <source>Gi* on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="162" />
        <source>Case count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="162" />
        <source>Cases per 1,000 households</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="162" />
        <source>Cases per km²</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="166" />
        <source>Neighbours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="166" />
        <source>Queen contiguity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="169" />
        <source>Distance band</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="171" />
        <source>Permutations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="174" />
        <source>Random seed</source>
        <translation type="unfinished">随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="177" />
        <source>False discovery rate correction</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="187" />
        <source>Time slices</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="180" />
        <source>None</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="180" />
        <source>Week</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="180" />
        <source>Month</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="180" />
        <source>Quarter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="180" />
        <source>Year</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="326" />
        <source>Grid case statistics</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="213" />
        <source>{layer}: there is no field {field}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="216" />
        <source>Gi* on cases per 1,000 households needs the household field.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="218" />
        <source>Assigning cases by grid code needs the grid code field.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="220" />
        <source>{layer}: there are no grids (empty layer or selection).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="235" />
        <source>Reading grids…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="260" />
        <source>{n} grids have no households: their rate per 1,000 households is left empty.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="265" />
        <source>{layer}: feature {fid} has no geometry.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="280" />
        <source>{layer}: no case matches the filters (empty selection or time window without cases).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="283" />
        <source>{total} cases counted, {inside} in grids.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="286" />
        <source>{n} cases lie outside every grid: counted as unassigned.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="297" />
        <source>{n} grids have no neighbour: they get no Gi* value.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="313" />
        <source>{hot} hot-spot grids and {cold} cold-spot grids.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="330" />
        <source>Time slices need a period (week, month, quarter or year).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="356" />
        <source>Grid case statistics by period</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="419" />
        <source>{layer}: there is no field grid_code.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="452" />
        <source>Counting the cases in the database…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/grid_case_stats.py" line="458" />
        <source>{layer}: the database could not count the cases: {error}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GridManagerPlugin</name>
    <message>
        <location filename="../plugin.py" line="35" />
        <source>&amp;Grid Manager</source>
        <translation>网格管理(&amp;G)</translation>
    </message>
    <message>
        <location filename="../plugin.py" line="66" />
        <source>Case handling</source>
        <translation>案件处理</translation>
    </message>
</context>
<context>
    <name>GridManagerProvider</name>
    <message>
        <location filename="../processing/provider.py" line="18" />
        <source>Grid Manager</source>
        <translation>网格管理</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="21" />
        <source>Grid Manager — grid-based urban and community management</source>
        <translation>网格管理 — 网格化城市管理与社区治理</translation>
    </message>
</context>
<context>
    <name>Hotspots</name>
    <message>
        <location filename="../grid_manager/core/hotspots.py" line="252" />
        <source>{layer}: feature {fid} has no grid code (field grid_code).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/hotspots.py" line="255" />
        <source>{layer}: grid code {code} appears twice (features {a} and {b}, field grid_code).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ImportPartsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="153" />
        <source>Import part survey</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="156" />
        <source>City parts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="162" />
        <source>Imports a city-part survey (城市部件普查) and places every part in its grid.
Input: a file (CSV in UTF-8, UTF-8 with BOM or GBK/GB18030 — detected —, XLSX, Shapefile with or without .cpg, GeoPackage, GeoJSON) or a loaded layer. Coordinates come from the point geometry or from X/Y fields (guessed from headers such as 经度/纬度, X/Y, lon/lat when left empty).
Coordinates: as the layer's CRS, WGS84, GCJ-02 (Chinese web maps) or BD-09 (Baidu), converted with an iterative inverse (sub-decimetre), or any CRS QGIS knows (CGCS2000 and its Gauss-Krüger zones); rows given latitude first are detected.
Codes: 12-digit survey codes (2 major + 2 minor + 8 serial), 16-digit GB/T 30428.2 and 17-digit GB/T 47678.5 codes, detected by length; every segment is checked against the class catalogue (extend it with a local CSV) and the county code when given. With a county code, 12-digit codes also get their 16-digit form in code_16.
Outputs: the accepted parts in the grids' CRS (code, classes and names, grid, community and street codes, source row) and a table of rejected rows (row, reason code, reason and the original values). Reasons: empty row, empty/non-digit/wrong-length code, invalid or mismatching county, unknown class, missing/unparseable/out-of-range coordinates, duplicate code (same or other location), outside every grid. Accepted + rejected = input rows, always.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="182" />
        <source>Part survey (file or layer)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="184" />
        <source>X / longitude field (empty: the geometry, or guessed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="187" />
        <source>Y / latitude field (empty: the geometry, or guessed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="190" />
        <source>Part code field (empty: guessed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="193" />
        <source>Code scheme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="193" />
        <source>Detect by length (12, 16 or 17 digits)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="193" />
        <source>12-digit survey code (2 major + 2 minor + 8 serial)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="193" />
        <source>16-digit GB/T 30428.2 (6 county + 2 major + 2 minor + 6 serial)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="193" />
        <source>17-digit GB/T 47678.5 (6 county + 2 major + 3 minor + 6 serial)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="200" />
        <source>Coordinates are in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="200" />
        <source>The layer's coordinate system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="200" />
        <source>WGS84 (GPS)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="200" />
        <source>GCJ-02 (Chinese web maps: Amap, Tencent, Google China)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="200" />
        <source>BD-09 (Baidu)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="200" />
        <source>The coordinate system below</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="206" />
        <source>Source coordinate system (when 'the coordinate system below')</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="209" />
        <source>Grids (with a grid_code field)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="211" />
        <source>County code (6 digits, optional)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="213" />
        <source>Local class catalogue (CSV, extends the built-in one)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="296" />
        <source>Imported parts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="228" />
        <source>Rejected rows</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="226" />
        <source>Input rows</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="227" />
        <source>Accepted parts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="231" />
        <source>Incorrect parameter value for {name}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="247" />
        <source>The part survey {value} cannot be opened.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="253" />
        <source>Read {n} rows from {source} (encoding: {encoding}).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="257" />
        <source>The grid layer cannot be opened.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="261" />
        <source>The grid layer {layer} has no field 'grid_code'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="264" />
        <source>The grid layer {layer} has no coordinate system.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="290" />
        <source>{rows} rows: {accepted} parts imported, {rejected} rejected.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/import_parts.py" line="294" />
        <source>{count} × {reason_code} (e.g. row {row}: {reason})</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Inventory</name>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="34" />
        <source>new</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="35" />
        <source>unchanged</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="36" />
        <source>moved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="37" />
        <source>attributes changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="38" />
        <source>moved and attributes changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="39" />
        <source>missing from the new survey</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="54" />
        <source>{source} has no field 'code': use the output of 'Import part survey'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="57" />
        <source>{source} has no point geometry.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="67" />
        <source>{source}, feature {row}: the field 'code' is empty.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="71" />
        <source>{source}, feature {row} (code {code}): no geometry.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="77" />
        <source>{source}: the code {code} appears in features {first} and {second}; import the survey with 'Import part survey' first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="95" />
        <source>Cannot open the inventory {path}: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="102" />
        <source>Cannot read the inventory {path}: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="105" />
        <source>The inventory {path}, layer {layer}, has no field 'code'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="139" />
        <source>The inventory holds the code {code} more than once (feature {fid}); fix it before re-importing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="212" />
        <source>Updating the inventory {path} failed ({what}): {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="261" />
        <source>Cannot write the inventory {path}: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="280" />
        <source>open for writing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="284" />
        <source>layer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="286" />
        <source>start a transaction</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="293" />
        <source>add field {field}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="308" />
        <source>add part {code}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="329" />
        <source>read part {code}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="332" />
        <source>update part {code}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="335" />
        <source>commit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/inventory.py" line="357" />
        <source>The new survey has no coordinate system.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Partition</name>
    <message>
        <location filename="../grid_manager/core/partition.py" line="86" />
        <source>{what}: {n} invalid geometries were repaired (feature ids {ids}).</source>
        <translation>{what}：已修复 {n} 个无效几何（要素 ID {ids}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="120" />
        <source>{layer}: field '{field}' is not a number in {n} features, e.g. feature {fid} has '{value}'. Households must be numbers ≥ 0.</source>
        <translation>{layer}：字段“{field}”在 {n} 个要素中不是数字，例如要素 {fid} 的值为“{value}”。户数必须是 ≥ 0 的数字。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="124" />
        <source>{layer}: field '{field}' is negative in {n} features, e.g. feature {fid} has {value}. Households must be numbers ≥ 0.</source>
        <translation>{layer}：字段“{field}”在 {n} 个要素中为负数，例如要素 {fid} 的值为 {value}。户数必须是 ≥ 0 的数字。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="128" />
        <source>{layer}: field '{field}' is empty (NULL) in {n} features, e.g. feature {fid}. Fill in the households (0 for non-residential buildings).</source>
        <translation>{layer}：字段“{field}”在 {n} 个要素中为空（NULL），例如要素 {fid}。请填写户数（非住宅建筑填 0）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="143" />
        <source>{layer}: feature {fid} has area code '{code}' in field '{field}'; a community code must have exactly 12 digits (6 county + 3 street + 3 community).</source>
        <translation>{layer}：要素 {fid} 的字段“{field}”中区域编码为“{code}”；社区编码必须正好是 12 位数字（6 位区县 + 3 位街道 + 3 位社区）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="147" />
        <source>{layer}: area code {code} in field '{field}' is used by features {a} and {b}; every area needs its own code.</source>
        <translation>{layer}：字段“{field}”中的区域编码 {code} 同时被要素 {a} 和 {b} 使用；每个区域必须有自己的编码。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="208" />
        <source>{n} buildings straddle two areas; each was assigned to the area holding most of it (feature ids {ids}).</source>
        <translation>{n} 栋建筑跨越两个区域，已按重叠面积最大原则分配到所在区域（要素 ID {ids}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="255" />
        <source>{layer}: the layer has no features; there is nothing to partition.</source>
        <translation>{layer}：图层没有要素，无可划分的内容。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="260" />
        <source>{layer}: features {ids} have no usable polygon geometry (empty, or not repairable into a polygon).</source>
        <translation>{layer}：要素 {ids} 没有可用的面几何（为空，或无法修复为面）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="264" />
        <source>Balancing by households needs a buildings layer with a household field.</source>
        <translation>按户数均衡需要带户数字段的建筑图层。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="273" />
        <source>{layer}: {n} features without a usable polygon were left out (feature ids {ids}).</source>
        <translation>{layer}：{n} 个没有可用面几何的要素已被忽略（要素 ID {ids}）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="284" />
        <source>{n} buildings lie outside every area and were ignored.</source>
        <translation>{n} 栋建筑不在任何区域内，已忽略。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="296" />
        <source>{n} barrier lines lie outside every area and were ignored.</source>
        <translation>{n} 条边界线（障碍线）不在任何区域内，已忽略。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="305" />
        <source>These targets would create about {n} grids (more than {max}). Raise the target area or households.</source>
        <translation>按这些目标将生成约 {n} 个网格（超过 {max} 个）。请增大目标面积或户数。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="401" />
        <source>{n} buildings hold more households than the target allows and form grids of their own.</source>
        <translation>{n} 栋建筑的户数超过目标允许范围，各自单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="431" />
        <source>A piece with {tot} cannot be split into whole grids within ±{tol} % of the target: {k} grids give {share} each.</source>
        <translation>含 {tot} 的地块无法划分为整数个偏差在 ±{tol} % 以内的网格：划分为 {k} 个网格时每个为 {share}。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="436" />
        <source>A detached piece with {tot} is too small for a grid of its own.</source>
        <translation>含 {tot} 的分离地块太小，不足以单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="504" />
        <source>{v} m²</source>
        <translation>{v} 平方米</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/partition.py" line="506" />
        <source>{v} households</source>
        <translation>{v} 户</translation>
    </message>
</context>
<context>
    <name>PartitionGridsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="63" />
        <source>Partition into balanced grids</source>
        <translation>划分均衡网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="203" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="72" />
        <source>grid,网格,划分,partition,balance,households,community,districting</source>
        <translation>grid,网格,划分,partition,均衡,户数,社区,网格划分</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="75" />
        <source>Splits every area (community) into grids that follow roads, lanes, rivers and walls, keep buildings whole, never cross an area, cover each area exactly once and are balanced by area, by households or by both.

Areas: polygons to split; every grid lies in exactly one area.
Area code field: 12-digit community codes (6 county + 3 street + 3 community); grids are coded area code + 3-digit serial, numbered west→east within rows from north to south. Without it, grids are coded &lt;feature id&gt;-&lt;serial&gt;.
Barriers: lines that grids should follow (roads, lanes, rivers, walls).
Buildings: polygons that are never split. A street block larger than the target is cut along the gaps between its buildings. A single building above the target becomes its own grid.
Household field: number of households of each building (needed to balance by households).
Balance by / targets / tolerance: the number of grids of each area is chosen so that grids come closest to the target; the engine then balances them within the tolerance where the buildings allow it.
Seed: runs with the same seed and inputs give the same grids.

Output fields: grid_code, area_code, area_m2, households, n_buildings, deviation_pct (from the target; the larger one when balancing by both), compactness (Polsby-Popper, 1 = circle) and flag, which says why a grid misses the tolerance: oversize_building, indivisible_area (the area's total is no whole number of grids), detached_piece, no_households or coarse_atoms (buildings too large for a closer balance). The HTML report summarises balance and compactness per area.

Geographic input is processed in metres (CGCS2000 3-degree Gauss-Krüger zone in China, UTM elsewhere); grids are returned in the CRS of the areas.</source>
        <translation>将每个区域（社区）划分为网格：网格边界沿道路、街巷、河流和围墙，不切割建筑，不跨越区域，对每个区域不重不漏地全覆盖，并按面积、户数或两者均衡。

区域：待划分的面；每个网格只位于一个区域内。
区域编码字段：12 位社区编码（6 位区县 + 3 位街道 + 3 位社区）；网格编码为区域编码 + 3 位顺序号，按行自北向南、行内自西向东编号。未指定时，网格编码为 &lt;要素ID&gt;-&lt;顺序号&gt;。
边界线：网格应沿其划分的线（道路、街巷、河流、围墙）。
建筑：永不被切割的面。大于目标的街区沿建筑之间的空隙继续细分。单栋建筑超过目标时单独成为一个网格。
户数字段：每栋建筑的户数（按户数均衡时必需）。
均衡方式 / 目标 / 容差：每个区域的网格数按最接近目标确定；在建筑条件允许时，将网格均衡到容差范围内。
随机种子：相同种子和输入得到相同的网格。

输出字段：grid_code（网格编码）、area_code（区域编码）、area_m2（面积）、households（户数）、n_buildings（建筑数）、deviation_pct（相对目标的偏差；两者均衡时取较大者）、compactness（紧凑度，Polsby-Popper，圆为 1）和 flag（标记），说明网格未达到容差的原因：oversize_building（单栋建筑超标）、indivisible_area（区域总量无法整分）、detached_piece（分离地块）、no_households（无住户）或 coarse_atoms（建筑过大，无法更精细均衡）。HTML 报告按区域汇总均衡度和紧凑度。

地理坐标输入按米制计算（中国境内用 CGCS2000 3 度带高斯-克吕格投影，境外用 UTM）；结果以区域图层的坐标系输出。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="101" />
        <source>Areas to split (communities)</source>
        <translation>待划分区域（社区）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="103" />
        <source>Area code field (12-digit community code)</source>
        <translation>区域编码字段（12 位社区编码）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="106" />
        <source>Barriers (roads, lanes, rivers, walls)</source>
        <translation>边界线（道路、街巷、河流、围墙）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="109" />
        <source>Buildings (never split)</source>
        <translation>建筑（不切割）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="111" />
        <source>Household field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="222" />
        <source>Balance by</source>
        <translation>均衡方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="220" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="220" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="220" />
        <source>Area and households</source>
        <translation>面积和户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="223" />
        <source>Target grid area (m²)</source>
        <translation>目标网格面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="224" />
        <source>Target households per grid</source>
        <translation>每个网格目标户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="225" />
        <source>Tolerance (%)</source>
        <translation>容差（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="226" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="130" />
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="130" />
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="150" />
        <source>Balancing by households needs a buildings layer and its household field.</source>
        <translation>按户数均衡需要建筑图层及其户数字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="155" />
        <source>Working in {crs} (metres).</source>
        <translation>使用 {crs}（米）进行计算。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="158" />
        <source>Reading areas…</source>
        <translation>正在读取区域…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="168" />
        <source>Reading buildings…</source>
        <translation>正在读取建筑…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="175" />
        <source>Reading barriers…</source>
        <translation>正在读取边界线…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="180" />
        <source>Partitioning {n} areas…</source>
        <translation>正在划分 {n} 个区域…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="192" />
        <source>Writing {n} grids…</source>
        <translation>正在写入 {n} 个网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="207" />
        <source>{n} grids; {within} within ±{tol} % of the target; compactness mean {pp:.3f}.</source>
        <translation>共 {n} 个网格；{within} 个在目标的 ±{tol} % 以内；平均紧凑度 {pp:.3f}。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/partition_grids.py" line="227" />
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
    <name>Quality</name>
    <message>
        <location filename="../grid_manager/core/quality.py" line="34" />
        <source>Invalid geometry</source>
        <translation>无效几何</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="35" />
        <source>Grid in several parts</source>
        <translation>网格由多块组成</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="36" />
        <source>Grids overlap</source>
        <translation>网格重叠</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="37" />
        <source>Gap between grids</source>
        <translation>网格之间有缝隙</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="38" />
        <source>Grid crosses an area boundary</source>
        <translation>网格跨越区域边界</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="39" />
        <source>Grid outside every area</source>
        <translation>网格不在任何区域内</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="40" />
        <source>Building split between grids</source>
        <translation>建筑被网格切割</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="41" />
        <source>Grid code missing</source>
        <translation>缺少网格编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="42" />
        <source>Malformed grid code</source>
        <translation>网格编码格式错误</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="43" />
        <source>Duplicate grid code</source>
        <translation>网格编码重复</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="44" />
        <source>Grid code does not start with its area's code</source>
        <translation>网格编码与所在区域编码不符</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="45" />
        <source>Outside the balance tolerance</source>
        <translation>超出均衡容差</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="46" />
        <source>Low compactness</source>
        <translation>紧凑度过低</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="115" />
        <source>{n} parts</source>
        <translation>{n} 块</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="128" />
        <source>{area} m² shared</source>
        <translation>重叠 {area} 平方米</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="156" />
        <source>{area} m² lie outside its area</source>
        <translation>{area} 平方米位于所属区域之外</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="168" />
        <source>{area} m² not covered by any grid</source>
        <translation>{area} 平方米未被任何网格覆盖</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="180" />
        <source>building split between {n} grids</source>
        <translation>建筑被 {n} 个网格切割</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="192" />
        <source>{n} characters; a grid code has 15 digits</source>
        <translation>{n} 个字符；网格编码应为 15 位数字</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="196" />
        <source>also used by feature {fid}</source>
        <translation>要素 {fid} 也使用此编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="214" />
        <source>{dev} % from the target</source>
        <translation>偏离目标 {dev} %</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/quality.py" line="218" />
        <source>Polsby-Popper {pp}</source>
        <translation>紧凑度 {pp}</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../grid_manager/core/report.py" line="13" />
        <source>A single building (or group of overlapping buildings) holds more households than the target plus tolerance; it forms a grid of its own.</source>
        <translation>单栋建筑（或相互重叠的一组建筑）的户数超过目标加容差，单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="15" />
        <source>The area's total cannot be divided into a whole number of grids within the tolerance (e.g. 1,000 households with target 400: 2 grids give 500, 3 give 333).</source>
        <translation>区域总量无法整分为容差范围内的整数个网格（例如 1,000 户、目标 400 户：分 2 个网格各 500 户，分 3 个各 333 户）。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="17" />
        <source>A detached piece of the area (an island or a part cut off by another grid) is too small for a grid of its own.</source>
        <translation>区域中分离的地块（飞地或被其他网格隔开的部分）太小，不足以单独成为一个网格。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="19" />
        <source>The piece has no households at all.</source>
        <translation>该地块没有任何住户。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="20" />
        <source>The buildings here are too large relative to the target for a closer balance without cutting a building.</source>
        <translation>此处建筑相对目标过大，在不切割建筑的前提下无法更精细地均衡。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="62" />
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="63" />
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="73" />
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="80" />
        <source>Grids</source>
        <translation>网格数</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="63" />
        <source>Grids within ±{tol} % of the target</source>
        <translation>在目标 ±{tol} % 以内的网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="63" />
        <source>of grids without an oversize building</source>
        <translation>占不含超大建筑网格的比例</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="63" />
        <source>Largest deviation from the target</source>
        <translation>相对目标的最大偏差</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="63" />
        <source>Mean absolute deviation</source>
        <translation>平均绝对偏差</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="63" />
        <source>Compactness (Polsby-Popper) mean / min</source>
        <translation>紧凑度（Polsby-Popper）平均 / 最小</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="72" />
        <source>Settings</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="73" />
        <source>Setting</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="74" />
        <source>Areas</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="85" />
        <source>Area code</source>
        <translation>区域编码</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="75" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="75" />
        <source>Area (m²)</source>
        <translation>面积（平方米）</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="75" />
        <source>Within tolerance</source>
        <translation>在容差内</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="79" />
        <source>Grids that miss the tolerance</source>
        <translation>未达到容差的网格</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="80" />
        <source>Flag</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="80" />
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="84" />
        <source>Notes per area</source>
        <translation>各区域说明</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="85" />
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/report.py" line="87" />
        <source>Input warnings</source>
        <translation>输入警告</translation>
    </message>
</context>
<context>
    <name>ReportCaseDialog</name>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="21" />
        <source>Report a case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="27" />
        <source>Event</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="28" />
        <source>Part</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="29" />
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="31" />
        <source>Class</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="33" />
        <source>Inspector</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="33" />
        <source>Public</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="33" />
        <source>Hotline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="33" />
        <source>Video</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="36" />
        <source>Source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="37" />
        <source>Urgent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="40" />
        <source>no part within 50 m</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="41" />
        <source>Part code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="44" />
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="45" />
        <source>outside every grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="46" />
        <source>Grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/gui/case_dialogs.py" line="47" />
        <source>Location</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Revise</name>
    <message>
        <location filename="../grid_manager/core/revise.py" line="99" />
        <source>{layer}: the layer has no features.</source>
        <translation>{layer}：图层没有要素。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/revise.py" line="104" />
        <source>{layer}: feature {fid} has no grid code; codes are needed to keep unchanged grids stable.</source>
        <translation>{layer}：要素 {fid} 没有网格编码；需要编码才能保持未修订网格不变。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/revise.py" line="107" />
        <source>{layer}: grid code {code} is used by features {a} and {b}.</source>
        <translation>{layer}：网格编码 {code} 同时被要素 {a} 和 {b} 使用。</translation>
    </message>
    <message>
        <location filename="../grid_manager/core/revise.py" line="121" />
        <source>No grid to revise: select grids, or let the algorithm pick those outside the tolerance (none are).</source>
        <translation>没有需要修订的网格：请选择网格，或让算法选取超出容差的网格（当前没有）。</translation>
    </message>
</context>
<context>
    <name>ReviseGridsAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="56" />
        <source>Revise grids</source>
        <translation>修订网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="82" />
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="65" />
        <source>grid,网格,修订,调整,revise,rebalance,households</source>
        <translation>grid,网格,修订,调整,revise,重新均衡,户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="68" />
        <source>Re-partitions only some grids while every other grid keeps its geometry and code.

Grids to revise: the selected grids, the grids matching the expression, and/or the grids outside the tolerance with the current buildings and households together with their neighbours in the same area (a grid can only be rebalanced against its neighbours). The grids to revise are merged per area (first 12 digits of the code, or the area code field) and partitioned again with the settings of 'Partition into balanced grids'.

A new grid keeps the code of the old grid it mostly replaces (both overlap by more than half); other new grids get the next free serials of their area. Output: all grids with a status (locked, unchanged, changed, added) and a change table (added, removed, changed codes with households and area before and after).</source>
        <translation>只重新划分部分网格，其余网格的几何和编码保持不变。

待修订网格：选中的网格、符合表达式的网格，以及/或者按当前建筑和户数超出容差的网格及其同一区域内的相邻网格（网格只能与相邻网格之间重新均衡）。待修订网格按区域（编码前 12 位或区域编码字段）合并后，按“划分均衡网格”的参数重新划分。

新网格若与某个旧网格相互重叠超过一半，则沿用该旧网格的编码；其余新网格按所在区域的下一个空闲顺序号编码。输出：全部网格及其状态（locked 锁定、unchanged 未变、changed 已变更、added 新增），以及变更表（新增、删除、变更的编码及变更前后的户数和面积）。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="84" />
        <source>Grid code field</source>
        <translation>网格编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="86" />
        <source>Area code field</source>
        <translation>区域编码字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="88" />
        <source>Grids to revise</source>
        <translation>待修订网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="88" />
        <source>Selected grids (and grids matching the expression)</source>
        <translation>选中的网格（及符合表达式的网格）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="88" />
        <source>Grids outside the tolerance and their neighbours</source>
        <translation>超出容差的网格及其相邻网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="88" />
        <source>Both</source>
        <translation>两者</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="93" />
        <source>Expression choosing grids to revise</source>
        <translation>选择待修订网格的表达式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="96" />
        <source>Barriers (roads, lanes, rivers, walls)</source>
        <translation>边界线（道路、街巷、河流、围墙）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="99" />
        <source>Buildings (never split)</source>
        <translation>建筑（不切割）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="101" />
        <source>Household field</source>
        <translation>户数字段</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="103" />
        <source>Balance by</source>
        <translation>均衡方式</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="103" />
        <source>Area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="103" />
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="103" />
        <source>Area and households</source>
        <translation>面积和户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="106" />
        <source>Target grid area (m²)</source>
        <translation>目标网格面积（平方米）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="109" />
        <source>Target households per grid</source>
        <translation>每个网格目标户数</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="112" />
        <source>Tolerance (%)</source>
        <translation>容差（%）</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="115" />
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="209" />
        <source>Revised grids</source>
        <translation>修订后的网格</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="119" />
        <source>Changes</source>
        <translation>变更表</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="141" />
        <source>Balancing by households needs a buildings layer and its household field.</source>
        <translation>按户数均衡需要建筑图层及其户数字段。</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="157" />
        <source>The expression is not valid: {error}</source>
        <translation>表达式无效：{error}</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="176" />
        <source>Revising grids…</source>
        <translation>正在修订网格…</translation>
    </message>
    <message>
        <location filename="../processing/algorithms/revise_grids.py" line="230" />
        <source>{n} grids revised: {added} added, {removed} removed, {changed} changed, {unchanged} unchanged.</source>
        <translation>已修订 {n} 个网格：新增 {added} 个，删除 {removed} 个，变更 {changed} 个，未变 {unchanged} 个。</translation>
    </message>
</context>
<context>
    <name>SurveyIO</name>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="179" />
        <source>{source}: the file has no data (no header row).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="189" />
        <source>{source}: {n} line(s) above the header row were skipped.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="193" />
        <source>{source}: {n} row(s) have more cells than the header; the extra cells are kept as {column}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="209" />
        <source>{source}: {n} cell(s) longer than {max} characters were cut.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="364" />
        <source>Cannot read {source}: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="255" />
        <source>{source}: some bytes are neither UTF-8 nor GBK and were replaced by 'ufffd'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="301" />
        <source>Cannot read {source} as an Excel workbook: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="306" />
        <source>{source} has no sheet '{sheet}'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="317" />
        <source>Cannot read {source}, sheet '{sheet}': {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="344" />
        <source>{source}: {n} cell(s) hold formulas without a saved value; they are read as text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="407" />
        <source>{source}: {n} feature(s) are not points and are placed by a point on their surface.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="423" />
        <source>The survey file {source} does not exist.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_io.py" line="430" />
        <source>{source} is an old Excel 97-2003 workbook: save it as .xlsx or .csv first.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SurveyImport</name>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="56" />
        <source>{layer}, feature {fid}: the field 'grid_code' is empty.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="61" />
        <source>{layer}, feature {fid}: the grid has no geometry.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="135" />
        <source>{source} has no field '{field}' (chosen as {role}).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="140" />
        <source>{source}: no field for the {role} was given and none of the columns ({columns}) looks like one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="164" />
        <source>The coordinate system of {what} is not understood: {error}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="213" />
        <source>part code</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="216" />
        <source>X coordinate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="217" />
        <source>Y coordinate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="219" />
        <source>{source}: the X and Y coordinates cannot both come from the field '{field}'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="228" />
        <source>The county code '{county}' must have 6 digits.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="258" />
        <source>Choose the source coordinate system (SOURCE_CRS) when the coordinates are in another CRS.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="266" />
        <source>{source} has no coordinate system and its coordinates are not longitude/latitude: choose the source coordinate system.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="270" />
        <source>{source} has no coordinate system: the coordinates are taken as WGS84 longitude/latitude.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="279" />
        <source>{source}: {n} row(s) had X and Y exchanged (latitude/northing first) and were read the other way round.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="336" />
        <source>Internal error: {a} accepted + {r} rejected rows do not add up to {n} input rows.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="374" />
        <source>{n} 12-digit code(s) have a serial above 999999 that does not fit the 16-digit GB/T 30428.2 code; their code_16 is left empty (rows {rows}).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="408" />
        <source>the row is empty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="410" />
        <source>the coordinates are missing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="412" />
        <source>the coordinates are not numbers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="414" />
        <source>the coordinates are outside the valid range of the coordinate system</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="417" />
        <source>the code {code} repeats row {first} at the same location</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="421" />
        <source>the code {code} was already used in row {first}, {distance} m away</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="424" />
        <source>the part lies outside every grid</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../grid_manager/core/survey_import.py" line="491" />
        <source>Cannot write {path}: {error}</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>UpdateInventoryAlgorithm</name>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="40" />
        <source>Update part inventory from a new survey</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="43" />
        <source>City parts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="49" />
        <source>Compares a new survey (the parts imported with 'Import part survey') with the part inventory by code and reports every part as new, unchanged, moved (further than the threshold), attributes changed (class, name, status, owner department, grid), moved and changed, or missing from the new survey.
Missing parts are flagged (inv_state = 'missing'), never deleted. The inventory is a GeoPackage layer; it is created by the first run. The changes are applied in one transaction: a failure or a cancellation leaves the inventory exactly as it was. Untick 'Apply' for a dry run that only writes the change report.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="61" />
        <source>New survey (imported parts)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="63" />
        <source>Inventory GeoPackage (created when missing)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="65" />
        <source>Inventory layer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="67" />
        <source>Moved when further than (metres)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="70" />
        <source>Apply the changes to the inventory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="72" />
        <source>Change report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="80" />
        <source>Incorrect parameter value for {name}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="92" />
        <source>The new survey cannot be opened.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="99" />
        <source>Choose the inventory GeoPackage.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="106" />
        <source>Cancelled: the inventory {path} was not changed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="112" />
        <source>{new} new, {unchanged} unchanged, {moved} moved, {changed} changed, {moved_changed} moved and changed, {missing} missing from the new survey.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="116" />
        <source>The inventory {path} (layer {layer}) was updated.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="119" />
        <source>Dry run: the inventory was not changed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/update_inventory.py" line="120" />
        <source>Inventory changes</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>alg</name>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="153" />
        <source>{layer} is in {crs}: distances are computed in {work}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="212" />
        <source>Case classes (codes or prefixes, comma-separated)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="215" />
        <source>Case states</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="217" />
        <source>Reported from (inclusive)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../processing/algorithms/case_density.py" line="218" />
        <source>Reported before (exclusive)</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
