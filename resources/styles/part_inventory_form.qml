<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis styleCategories="Fields|Forms" version="3.22.16-Białowieża">
  <fieldConfiguration>
    <field configurationFlags="None" name="code">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="kind">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="class_code">
      <editWidget type="ValueRelation">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="AllowNull"/>
            <Option type="QString" value="code" name="Key"/>
            <Option type="bool" value="true" name="UseCompleter"/>
            <Option type="QString" value="label" name="Value"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="grid_code">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="major">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="minor">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="major_zh">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="major_en">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="class_zh">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="class_en">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="code_16">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="name">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="status">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="owner_dept">
      <editWidget type="ValueRelation">
        <config>
          <Option type="Map">
            <Option type="bool" value="true" name="AllowNull"/>
            <Option type="QString" value="code" name="Key"/>
            <Option type="bool" value="true" name="UseCompleter"/>
            <Option type="QString" value="label" name="Value"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="survey_date">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="community_code">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="street_code">
      <editWidget type="TextEdit">
        <config>
          <Option type="Map">
            <Option type="bool" value="false" name="IsMultiline"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="source_file">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="source_row">
      <editWidget type="Range">
        <config>
          <Option type="Map">
            <Option type="QString" value="SpinBox" name="Style"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="inv_state">
      <editWidget type="">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="first_seen">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option type="bool" value="true" name="allow_null"/>
            <Option type="bool" value="true" name="calendar_popup"/>
            <Option type="QString" value="yyyy-MM-dd" name="display_format"/>
            <Option type="QString" value="yyyy-MM-dd" name="field_format"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="last_seen">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option type="bool" value="true" name="allow_null"/>
            <Option type="bool" value="true" name="calendar_popup"/>
            <Option type="QString" value="yyyy-MM-dd" name="display_format"/>
            <Option type="QString" value="yyyy-MM-dd" name="field_format"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="missing_since">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option type="bool" value="true" name="allow_null"/>
            <Option type="bool" value="true" name="calendar_popup"/>
            <Option type="QString" value="yyyy-MM-dd" name="display_format"/>
            <Option type="QString" value="yyyy-MM-dd" name="field_format"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="last_run">
      <editWidget type="Hidden">
        <config>
          <Option/>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="last_change">
      <editWidget type="ValueMap">
        <config>
          <Option type="Map">
            <Option name="map"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="version">
      <editWidget type="Range">
        <config>
          <Option type="Map">
            <Option type="QString" value="SpinBox" name="Style"/>
          </Option>
        </config>
      </editWidget>
    </field>
    <field configurationFlags="None" name="retired_on">
      <editWidget type="DateTime">
        <config>
          <Option type="Map">
            <Option type="bool" value="true" name="allow_null"/>
            <Option type="bool" value="true" name="calendar_popup"/>
            <Option type="QString" value="yyyy-MM-dd" name="display_format"/>
            <Option type="QString" value="yyyy-MM-dd" name="field_format"/>
          </Option>
        </config>
      </editWidget>
    </field>
  </fieldConfiguration>
  <aliases>
    <alias field="code" name="" index="0"/>
    <alias field="kind" name="" index="1"/>
    <alias field="class_code" name="" index="2"/>
    <alias field="grid_code" name="" index="3"/>
    <alias field="major" name="" index="4"/>
    <alias field="minor" name="" index="5"/>
    <alias field="major_zh" name="" index="6"/>
    <alias field="major_en" name="" index="7"/>
    <alias field="class_zh" name="" index="8"/>
    <alias field="class_en" name="" index="9"/>
    <alias field="code_16" name="" index="10"/>
    <alias field="name" name="" index="11"/>
    <alias field="status" name="" index="12"/>
    <alias field="owner_dept" name="" index="13"/>
    <alias field="survey_date" name="" index="14"/>
    <alias field="community_code" name="" index="15"/>
    <alias field="street_code" name="" index="16"/>
    <alias field="source_file" name="" index="17"/>
    <alias field="source_row" name="" index="18"/>
    <alias field="inv_state" name="" index="19"/>
    <alias field="first_seen" name="" index="20"/>
    <alias field="last_seen" name="" index="21"/>
    <alias field="missing_since" name="" index="22"/>
    <alias field="last_run" name="" index="23"/>
    <alias field="last_change" name="" index="24"/>
    <alias field="version" name="" index="25"/>
    <alias field="retired_on" name="" index="26"/>
  </aliases>
  <defaults>
    <default expression="" field="code" applyOnUpdate="0"/>
    <default expression="" field="kind" applyOnUpdate="0"/>
    <default expression="" field="class_code" applyOnUpdate="0"/>
    <default expression="" field="grid_code" applyOnUpdate="0"/>
    <default expression="" field="major" applyOnUpdate="0"/>
    <default expression="" field="minor" applyOnUpdate="0"/>
    <default expression="" field="major_zh" applyOnUpdate="0"/>
    <default expression="" field="major_en" applyOnUpdate="0"/>
    <default expression="" field="class_zh" applyOnUpdate="0"/>
    <default expression="" field="class_en" applyOnUpdate="0"/>
    <default expression="" field="code_16" applyOnUpdate="0"/>
    <default expression="" field="name" applyOnUpdate="0"/>
    <default expression="" field="status" applyOnUpdate="0"/>
    <default expression="" field="owner_dept" applyOnUpdate="0"/>
    <default expression="" field="survey_date" applyOnUpdate="0"/>
    <default expression="" field="community_code" applyOnUpdate="0"/>
    <default expression="" field="street_code" applyOnUpdate="0"/>
    <default expression="" field="source_file" applyOnUpdate="0"/>
    <default expression="" field="source_row" applyOnUpdate="0"/>
    <default expression="" field="inv_state" applyOnUpdate="0"/>
    <default expression="" field="first_seen" applyOnUpdate="0"/>
    <default expression="" field="last_seen" applyOnUpdate="0"/>
    <default expression="" field="missing_since" applyOnUpdate="0"/>
    <default expression="" field="last_run" applyOnUpdate="0"/>
    <default expression="" field="last_change" applyOnUpdate="0"/>
    <default expression="" field="version" applyOnUpdate="0"/>
    <default expression="" field="retired_on" applyOnUpdate="0"/>
  </defaults>
  <constraints>
    <constraint unique_strength="0" exp_strength="0" field="code" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="kind" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="class_code" constraints="1" notnull_strength="1"/>
    <constraint unique_strength="0" exp_strength="0" field="grid_code" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="major" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="minor" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="major_zh" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="major_en" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="class_zh" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="class_en" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="code_16" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="name" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="status" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="owner_dept" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="survey_date" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="community_code" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="street_code" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="source_file" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="source_row" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="inv_state" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="first_seen" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="last_seen" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="missing_since" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="last_run" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="last_change" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="version" constraints="0" notnull_strength="0"/>
    <constraint unique_strength="0" exp_strength="0" field="retired_on" constraints="0" notnull_strength="0"/>
  </constraints>
  <constraintExpressions>
    <constraint exp="" desc="" field="code"/>
    <constraint exp="" desc="" field="kind"/>
    <constraint exp="" desc="" field="class_code"/>
    <constraint exp="" desc="" field="grid_code"/>
    <constraint exp="" desc="" field="major"/>
    <constraint exp="" desc="" field="minor"/>
    <constraint exp="" desc="" field="major_zh"/>
    <constraint exp="" desc="" field="major_en"/>
    <constraint exp="" desc="" field="class_zh"/>
    <constraint exp="" desc="" field="class_en"/>
    <constraint exp="" desc="" field="code_16"/>
    <constraint exp="" desc="" field="name"/>
    <constraint exp="" desc="" field="status"/>
    <constraint exp="" desc="" field="owner_dept"/>
    <constraint exp="" desc="" field="survey_date"/>
    <constraint exp="" desc="" field="community_code"/>
    <constraint exp="" desc="" field="street_code"/>
    <constraint exp="" desc="" field="source_file"/>
    <constraint exp="" desc="" field="source_row"/>
    <constraint exp="" desc="" field="inv_state"/>
    <constraint exp="" desc="" field="first_seen"/>
    <constraint exp="" desc="" field="last_seen"/>
    <constraint exp="" desc="" field="missing_since"/>
    <constraint exp="" desc="" field="last_run"/>
    <constraint exp="" desc="" field="last_change"/>
    <constraint exp="" desc="" field="version"/>
    <constraint exp="" desc="" field="retired_on"/>
  </constraintExpressions>
  <expressionfields/>
  <editform tolerant="1"></editform>
  <editforminit/>
  <editforminitcodesource>0</editforminitcodesource>
  <editforminitfilepath></editforminitfilepath>
  <editforminitcode><![CDATA[]]></editforminitcode>
  <featformsuppress>0</featformsuppress>
  <editorlayout>tablayout</editorlayout>
  <attributeEditorForm>
    <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="1" groupBox="0" name="Part">
      <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="2" groupBox="1" name="Identity">
        <attributeEditorField showLabel="1" name="code" index="0"/>
        <attributeEditorField showLabel="1" name="version" index="25"/>
      </attributeEditorContainer>
      <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="1" groupBox="1" name="Classification">
        <attributeEditorField showLabel="1" name="major" index="4"/>
        <attributeEditorField showLabel="1" name="class_code" index="2"/>
      </attributeEditorContainer>
      <attributeEditorField showLabel="1" name="name" index="11"/>
      <attributeEditorField showLabel="1" name="status" index="12"/>
      <attributeEditorField showLabel="1" name="owner_dept" index="13"/>
      <attributeEditorField showLabel="1" name="survey_date" index="14"/>
      <attributeEditorField showLabel="1" name="retired_on" index="26"/>
    </attributeEditorContainer>
    <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="1" groupBox="0" name="Place">
      <attributeEditorField showLabel="1" name="grid_code" index="3"/>
      <attributeEditorField showLabel="1" name="community_code" index="15"/>
      <attributeEditorField showLabel="1" name="street_code" index="16"/>
    </attributeEditorContainer>
    <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="2" groupBox="0" name="Record">
      <attributeEditorField showLabel="1" name="last_change" index="24"/>
      <attributeEditorField showLabel="1" name="inv_state" index="19"/>
      <attributeEditorField showLabel="1" name="first_seen" index="20"/>
      <attributeEditorField showLabel="1" name="last_seen" index="21"/>
      <attributeEditorField showLabel="1" name="missing_since" index="22"/>
      <attributeEditorField showLabel="1" name="code_16" index="10"/>
      <attributeEditorField showLabel="1" name="source_file" index="17"/>
      <attributeEditorField showLabel="1" name="source_row" index="18"/>
    </attributeEditorContainer>
    <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="1" groupBox="0" name="Photos">
      <attributeEditorRelation relationWidgetTypeId="relation_editor" showLabel="1" forceSuppressFormPopup="0" name="gridmanager_photos" relation="gridmanager_photos" nmRelationId="" label="Photos">
        <editor_configuration type="Map">
          <Option type="QString" value="AddChildFeature|DeleteChildFeature|SaveChildEdits" name="buttons"/>
          <Option type="bool" value="true" name="show_first_feature"/>
        </editor_configuration>
      </attributeEditorRelation>
    </attributeEditorContainer>
    <attributeEditorContainer visibilityExpressionEnabled="0" showLabel="1" visibilityExpression="" columnCount="1" groupBox="0" name="History">
      <attributeEditorRelation relationWidgetTypeId="relation_editor" showLabel="1" forceSuppressFormPopup="0" name="gridmanager_history" relation="gridmanager_history" nmRelationId="" label="History">
        <editor_configuration type="Map">
          <Option type="QString" value="ZoomToChildFeature" name="buttons"/>
          <Option type="bool" value="true" name="show_first_feature"/>
        </editor_configuration>
      </attributeEditorRelation>
    </attributeEditorContainer>
  </attributeEditorForm>
  <editable>
    <field name="class_en" editable="0"/>
    <field name="class_zh" editable="0"/>
    <field name="code" editable="0"/>
    <field name="code_16" editable="0"/>
    <field name="community_code" editable="0"/>
    <field name="first_seen" editable="0"/>
    <field name="grid_code" editable="0"/>
    <field name="inv_state" editable="0"/>
    <field name="kind" editable="0"/>
    <field name="last_change" editable="0"/>
    <field name="last_run" editable="0"/>
    <field name="last_seen" editable="0"/>
    <field name="major_en" editable="0"/>
    <field name="major_zh" editable="0"/>
    <field name="minor" editable="0"/>
    <field name="missing_since" editable="0"/>
    <field name="retired_on" editable="0"/>
    <field name="source_file" editable="0"/>
    <field name="source_row" editable="0"/>
    <field name="street_code" editable="0"/>
    <field name="version" editable="0"/>
  </editable>
  <labelOnTop/>
  <reuseLastValue/>
  <dataDefinedFieldProperties/>
  <widgets/>
  <layerGeometryType>0</layerGeometryType>
</qgis>
